import { periodYears } from '@smartcity/domain';
import { Col, Row, Typography } from 'antd';
import { fmt, useI18n } from '../../../i18n';
import { NumberField, useFieldError, type SectionFormProps } from './fields';

/** 八、创建周期: three to five years; saving it reshapes the per-year fields of sections 三 and 五. */
export function PeriodSection({ value, onChange, errors, readOnly }: SectionFormProps<'period'>) {
  const { t } = useI18n();
  const p = t.taskBook.period;
  const err = useFieldError(errors);
  const years = periodYears({ period: value });
  return (
    <>
      <Row gutter={24}>
        <Col xs={24} sm={8}>
          <NumberField
            integer
            label={p.startYear}
            testId="field-period-startYear"
            readOnly={readOnly}
            value={value.startYear}
            error={err('startYear', p.startYear)}
            onChange={(v) => onChange({ ...value, startYear: v ?? value.startYear })}
          />
        </Col>
        <Col xs={24} sm={8}>
          <NumberField
            integer
            label={p.endYear}
            testId="field-period-endYear"
            readOnly={readOnly}
            value={value.endYear}
            error={err('endYear', p.endYear)}
            onChange={(v) => onChange({ ...value, endYear: v ?? value.endYear })}
          />
        </Col>
      </Row>
      <Typography.Text type="secondary">
        {years.length > 0 && `${fmt(p.years, { n: years.length, from: years[0]!, to: years.at(-1)! })}。`}
        {!readOnly && p.hint}
      </Typography.Text>
    </>
  );
}
