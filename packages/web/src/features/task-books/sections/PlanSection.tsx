import { periodYears, type TaskBookContent } from '@smartcity/domain';
import { Table } from 'antd';
import { fmt, useI18n } from '../../../i18n';
import { TextField, useFieldError, type SectionFormProps } from './fields';

type Entry = SectionFormProps<'plan'>['value']['years'][number];

/** 五、阶段目标和工作计划: one row per year of the creation period (section 八 as saved). */
export function PlanSection({ value, onChange, errors, readOnly, book }: SectionFormProps<'plan'>) {
  const { t } = useI18n();
  const p = t.taskBook.plan;
  const err = useFieldError(errors);
  const period = book.sections.find((s) => s.n === 8)?.content as TaskBookContent['period'];
  const years = periodYears({ period });
  const rows: Entry[] = years.map((year) => value.years.find((e) => e.year === year) ?? { year, goals: '', work: '' });
  const set = (year: number, patch: Partial<Entry>) => onChange({ years: rows.map((e) => (e.year === year ? { ...e, ...patch } : e)) });
  const indexOf = (year: number) => value.years.findIndex((e) => e.year === year);
  return (
    <Table<Entry>
      size="small"
      rowKey="year"
      pagination={false}
      dataSource={rows}
      columns={[
        { title: p.year, dataIndex: 'year', width: 90, render: (year: number) => fmt(p.yearLabel, { year }) },
        {
          title: p.goals,
          render: (_, row) => (
            <TextField
              bare
              multiline
              rows={3}
              label={p.goals}
              testId={`plan-${row.year}-goals`}
              readOnly={readOnly}
              value={row.goals}
              error={err(`years.${indexOf(row.year)}.goals`, p.goals)}
              onChange={(goals) => set(row.year, { goals })}
            />
          ),
        },
        {
          title: p.work,
          render: (_, row) => (
            <TextField
              bare
              multiline
              rows={3}
              label={p.work}
              testId={`plan-${row.year}-work`}
              readOnly={readOnly}
              value={row.work}
              error={err(`years.${indexOf(row.year)}.work`, p.work)}
              onChange={(work) => set(row.year, { work })}
            />
          ),
        },
      ]}
    />
  );
}
