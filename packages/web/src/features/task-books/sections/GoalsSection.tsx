import { Space, Table, Typography } from 'antd';
import { useI18n } from '../../../i18n';
import { AddButton, NumberField, removeAt, RemoveButton, replaceAt, TextField, useFieldError, type SectionFormProps } from './fields';
import { rowsEmpty } from '../../../components/EmptyState';

type Target = SectionFormProps<'goals'>['value']['targets'][number];

/** 一、创建目标: the overall goal and quantified targets. */
export function GoalsSection({ value, onChange, errors, readOnly }: SectionFormProps<'goals'>) {
  const { t } = useI18n();
  const g = t.taskBook.goals;
  const err = useFieldError(errors);
  const setTarget = (i: number, patch: Partial<Target>) => onChange({ ...value, targets: replaceAt(value.targets, i, patch) });
  return (
    <>
      <TextField
        label={g.overall}
        testId="field-goals-overall"
        multiline
        rows={4}
        readOnly={readOnly}
        value={value.overall}
        error={err('overall', g.overall)}
        onChange={(overall) => onChange({ ...value, overall })}
      />
      <Typography.Title level={5}>{g.targets}</Typography.Title>
      <Table<Target>
        size="small"
        rowKey={(_, i) => String(i)}
        pagination={false}
        dataSource={value.targets}
        locale={rowsEmpty(t, readOnly, g.addTarget)}
        columns={[
          { title: '#', width: 48, render: (_, __, i) => i + 1 },
          {
            title: g.description,
            render: (_, row, i) => (
              <TextField
                bare
                label={g.description}
                testId={`target-${i}-description`}
                readOnly={readOnly}
                value={row.description}
                error={err(`targets.${i}.description`, g.description)}
                onChange={(description) => setTarget(i, { description })}
              />
            ),
          },
          {
            title: g.value,
            width: 140,
            render: (_, row, i) => (
              <NumberField
                bare
                label={g.value}
                testId={`target-${i}-value`}
                readOnly={readOnly}
                value={row.value}
                error={err(`targets.${i}.value`, g.value)}
                onChange={(v) => setTarget(i, { value: v })}
              />
            ),
          },
          {
            title: g.unit,
            width: 120,
            render: (_, row, i) => (
              <TextField
                bare
                label={g.unit}
                testId={`target-${i}-unit`}
                readOnly={readOnly}
                value={row.unit}
                error={err(`targets.${i}.unit`, g.unit)}
                onChange={(unit) => setTarget(i, { unit })}
              />
            ),
          },
          ...(readOnly
            ? []
            : [
                {
                  title: '',
                  width: 48,
                  render: (_: unknown, __: Target, i: number) => (
                    <RemoveButton hidden={readOnly} onClick={() => onChange({ ...value, targets: removeAt(value.targets, i) })} />
                  ),
                },
              ]),
        ]}
      />
      <Space style={{ marginTop: 12 }}>
        <AddButton
          testId="add-target"
          label={g.addTarget}
          hidden={readOnly}
          onClick={() => onChange({ ...value, targets: [...value.targets, { description: '', value: null, unit: '' }] })}
        />
      </Space>
    </>
  );
}
