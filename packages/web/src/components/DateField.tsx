import { DatePicker } from 'antd';
import dayjs from 'dayjs';

/** A programme date (YYYY-MM-DD) in an antd DatePicker, for Form.Item: value and onChange are the date string. */
export function DateField({
  value,
  onChange,
  min,
  testId,
  id,
  ariaLabel,
}: {
  value?: string;
  onChange?: (v: string | undefined) => void;
  /** the earliest date offered (inclusive) */
  min?: string | undefined;
  testId?: string;
  id?: string;
  /** for a field whose Form.Item has no label of its own */
  ariaLabel?: string;
}) {
  return (
    <DatePicker
      id={id}
      data-testid={testId}
      aria-label={ariaLabel}
      format="YYYY-MM-DD"
      value={value ? dayjs(value) : null}
      disabledDate={(d) => (min ? d.format('YYYY-MM-DD') < min : false)}
      onChange={(d) => onChange?.(d ? d.format('YYYY-MM-DD') : undefined)}
      style={{ width: 180 }}
    />
  );
}
