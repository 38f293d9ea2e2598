import { SearchOutlined } from '@ant-design/icons';
import { Input } from 'antd';
import { useEffect, useRef, useState } from 'react';

const TYPING_DELAY_MS = 400;

/**
 * A list's text filter (a name search): applied after a short pause in typing, at once on Enter, and following the
 * URL's value back and forward.
 */
export function TypedFilter({
  value,
  onChange,
  label,
  testId,
  width,
}: {
  value: string | undefined;
  onChange: (value: string) => void;
  label: string;
  testId: string;
  width: number;
}) {
  const [text, setText] = useState(value ?? '');
  // the latest handler, so a parent's re-render while typing does not restart the pause
  const apply = useRef(onChange);
  useEffect(() => {
    apply.current = onChange;
  });
  useEffect(() => setText(value ?? ''), [value]);
  useEffect(() => {
    const typed = text.trim();
    if (typed === (value ?? '')) return;
    const timer = setTimeout(() => apply.current(typed), TYPING_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, value]);
  return (
    <Input
      data-testid={testId}
      aria-label={label}
      placeholder={label}
      prefix={<SearchOutlined />}
      allowClear
      style={{ width }}
      value={text}
      onChange={(e) => setText(e.target.value)}
      onPressEnter={() => onChange(text.trim())}
    />
  );
}
