import { Table, Typography } from 'antd';
import { useI18n } from '../../../i18n';
import { AddButton, removeAt, RemoveButton, replaceAt, TextField, useFieldError, type SectionFormProps } from './fields';
import { rowsEmpty } from '../../../components/EmptyState';

const FIELDS = ['framework', 'structure', 'functions', 'operation'] as const;
type System = SectionFormProps<'platform'>['value']['systems'][number];

/** 四、公共信息平台建设、应用和运营. */
export function PlatformSection({ value, onChange, errors, readOnly }: SectionFormProps<'platform'>) {
  const { t } = useI18n();
  const p = t.taskBook.platform;
  const err = useFieldError(errors);
  const setSystem = (i: number, patch: Partial<System>) => onChange({ ...value, systems: replaceAt(value.systems, i, patch) });
  return (
    <>
      {FIELDS.map((f) => (
        <TextField
          key={f}
          label={p[f]}
          testId={`field-platform-${f}`}
          multiline
          readOnly={readOnly}
          value={value[f]}
          error={err(f, p[f])}
          onChange={(v) => onChange({ ...value, [f]: v })}
        />
      ))}
      <Typography.Title level={5}>{p.systems}</Typography.Title>
      <Table<System>
        size="small"
        rowKey={(_, i) => String(i)}
        pagination={false}
        dataSource={value.systems}
        locale={rowsEmpty(t, readOnly, p.addSystem)}
        columns={[
          { title: '#', width: 48, render: (_, __, i) => i + 1 },
          {
            title: p.systemName,
            width: '30%',
            render: (_, row, i) => (
              <TextField
                bare
                label={p.systemName}
                testId={`system-${i}-name`}
                readOnly={readOnly}
                value={row.name}
                error={err(`systems.${i}.name`, p.systemName)}
                onChange={(name) => setSystem(i, { name })}
              />
            ),
          },
          {
            title: p.services,
            render: (_, row, i) => (
              <TextField
                bare
                multiline
                rows={2}
                label={p.services}
                testId={`system-${i}-services`}
                readOnly={readOnly}
                value={row.services}
                error={err(`systems.${i}.services`, p.services)}
                onChange={(services) => setSystem(i, { services })}
              />
            ),
          },
          ...(readOnly
            ? []
            : [
                {
                  title: '',
                  width: 48,
                  render: (_: unknown, __: System, i: number) => (
                    <RemoveButton hidden={readOnly} onClick={() => onChange({ ...value, systems: removeAt(value.systems, i) })} />
                  ),
                },
              ]),
        ]}
      />
      <div style={{ marginTop: 12 }}>
        <AddButton
          testId="add-system"
          label={p.addSystem}
          hidden={readOnly}
          onClick={() => onChange({ ...value, systems: [...value.systems, { name: '', services: '' }] })}
        />
      </div>
    </>
  );
}
