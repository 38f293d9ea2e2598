import type { KeyProject, TaskBookContent } from '@smartcity/domain';
import { Select, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { fmt, useI18n } from '../../../i18n';
import {
  AddButton,
  newId,
  NumberField,
  removeAt,
  RemoveButton,
  replaceAt,
  TextField,
  useFieldError,
  type SectionFormProps,
} from './fields';
import { rowsEmpty } from '../../../components/EmptyState';
import { Zh } from '../../../components/Zh';
import { ReadBlocks } from '../../../components/ReadBlocks';

type Task = SectionFormProps<'tasks'>['value']['tasks'][number];
const FUNDING = ['government', 'social', 'bank', 'other'] as const;

const fundingSum = (p: KeyProject) => FUNDING.reduce((sum, k) => sum + (p.funding[k] ?? 0), 0);

/** 二、主要任务和重点项目: tasks, and key projects with their funding split and linked indicators. */
export function TasksSection({ value, onChange, errors, readOnly, book }: SectionFormProps<'tasks'>) {
  const { t } = useI18n();
  const k = t.taskBook.tasks;
  const err = useFieldError(errors);
  const indicators = (book.sections.find((s) => s.n === 3)?.content as TaskBookContent['indicators']).items;
  const period = book.sections.find((s) => s.n === 8)?.content as TaskBookContent['period'];
  const indicatorLabel = (id: string) => {
    const i = indicators.find((x) => x.id === id);
    return i ? `${i.indicatorCode ?? ''} ${i.name}`.trim() : id;
  };

  const setTask = (i: number, patch: Partial<Task>) => onChange({ ...value, tasks: replaceAt(value.tasks, i, patch) });
  const setProject = (i: number, patch: Partial<KeyProject>) => onChange({ ...value, projects: replaceAt(value.projects, i, patch) });
  const setFunding = (i: number, key: (typeof FUNDING)[number], v: number | null) =>
    setProject(i, { funding: { ...value.projects[i]!.funding, [key]: v as number } });

  const text = (i: number, field: 'name' | 'content' | 'department', label: string, multiline = false) => (
    <TextField
      bare
      multiline={multiline}
      rows={2}
      label={label}
      testId={`project-${i}-${field}`}
      readOnly={readOnly}
      value={value.projects[i]![field]}
      error={err(`projects.${i}.${field}`, label)}
      onChange={(v) => setProject(i, { [field]: v })}
    />
  );
  const num = (i: number, field: 'totalInvestment' | 'startYear' | 'endYear', label: string) => (
    <NumberField
      bare
      integer={field !== 'totalInvestment'}
      label={label}
      testId={`project-${i}-${field}`}
      readOnly={readOnly}
      value={value.projects[i]![field]}
      error={err(`projects.${i}.${field}`, label)}
      onChange={(v) => setProject(i, { [field]: v as number })}
    />
  );

  const projectColumns: TableColumnsType<KeyProject> = [
    { title: '#', width: 40, fixed: 'left', render: (_, __, i) => i + 1 },
    { title: k.projectName, width: 170, fixed: 'left', render: (_, __, i) => text(i, 'name', k.projectName) },
    { title: k.projectContent, width: 240, render: (_, __, i) => text(i, 'content', k.projectContent, true) },
    { title: k.total, width: 120, render: (_, __, i) => num(i, 'totalInvestment', k.total) },
    {
      title: k.funding,
      children: FUNDING.map((f) => ({
        title: k[f],
        width: 100,
        render: (_: unknown, p: KeyProject, i: number) => (
          <NumberField
            bare
            label={k[f]}
            testId={`project-${i}-${f}`}
            readOnly={readOnly}
            value={p.funding[f]}
            error={err(`projects.${i}.funding.${f}`, k[f])}
            onChange={(v) => setFunding(i, f, v)}
          />
        ),
      })),
    },
    {
      title: k.sumCheck,
      width: 110,
      render: (_, p, i) => {
        const diff = Math.round((fundingSum(p) - (p.totalInvestment ?? 0)) * 100) / 100;
        const message = err(`projects.${i}.funding`, k.funding);
        return (
          <div data-testid={`project-${i}-sum`}>
            {Math.abs(diff) < 0.005 ? (
              <Tag color="success">{k.sumOk}</Tag>
            ) : (
              <Tag color="error">{fmt(k.sumOff, { diff: diff > 0 ? `+${diff}` : diff })}</Tag>
            )}
            {message && (
              <Typography.Text type="danger" style={{ fontSize: 12, display: 'block' }}>
                {message}
              </Typography.Text>
            )}
          </div>
        );
      },
    },
    { title: k.department, width: 160, render: (_, __, i) => text(i, 'department', k.department) },
    { title: k.startYear, width: 90, render: (_, __, i) => num(i, 'startYear', k.startYear) },
    { title: k.endYear, width: 90, render: (_, __, i) => num(i, 'endYear', k.endYear) },
    {
      title: k.indicators,
      width: 240,
      render: (_, p, i) =>
        readOnly ? (
          p.indicatorIds.map((id) => (
            <Tag key={id}>
              <Zh>{indicatorLabel(id)}</Zh>
            </Tag>
          ))
        ) : (
          <Select
            mode="multiple"
            aria-label={k.indicators}
            data-testid={`project-${i}-indicators`}
            style={{ width: '100%' }}
            value={p.indicatorIds}
            onChange={(ids: string[]) => setProject(i, { indicatorIds: ids })}
            options={indicators.map((x) => ({ value: x.id, label: indicatorLabel(x.id) }))}
            optionFilterProp="label"
            maxTagCount="responsive"
          />
        ),
    },
    ...(readOnly
      ? []
      : [
          {
            title: '',
            width: 48,
            fixed: 'right' as const,
            render: (_: unknown, __: KeyProject, i: number) => (
              <RemoveButton
                hidden={readOnly}
                testId={`project-${i}-remove`}
                onClick={() => onChange({ ...value, projects: removeAt(value.projects, i) })}
              />
            ),
          },
        ]),
  ];

  const addProject = () =>
    onChange({
      ...value,
      projects: [
        ...value.projects,
        {
          id: newId('p'),
          name: '',
          content: '',
          totalInvestment: 0,
          funding: { government: 0, social: 0, bank: 0, other: 0 },
          department: '',
          startYear: period.startYear,
          endYear: period.endYear,
          indicatorIds: [],
        },
      ],
    });

  return (
    <>
      <Typography.Title level={5}>{k.tasks}</Typography.Title>
      <Table<Task>
        size="small"
        rowKey={(_, i) => String(i)}
        pagination={false}
        dataSource={value.tasks}
        locale={rowsEmpty(t, readOnly, k.addTask)}
        columns={[
          { title: '#', width: 40, render: (_, __, i) => i + 1 },
          {
            title: k.name,
            width: '30%',
            render: (_, row, i) => (
              <TextField
                bare
                label={k.name}
                testId={`task-${i}-name`}
                readOnly={readOnly}
                value={row.name}
                error={err(`tasks.${i}.name`, k.name)}
                onChange={(name) => setTask(i, { name })}
              />
            ),
          },
          {
            title: k.content,
            render: (_, row, i) => (
              <TextField
                bare
                multiline
                rows={2}
                label={k.content}
                testId={`task-${i}-content`}
                readOnly={readOnly}
                value={row.content}
                error={err(`tasks.${i}.content`, k.content)}
                onChange={(content) => setTask(i, { content })}
              />
            ),
          },
          ...(readOnly
            ? []
            : [
                {
                  title: '',
                  width: 48,
                  render: (_: unknown, __: Task, i: number) => (
                    <RemoveButton hidden={readOnly} onClick={() => onChange({ ...value, tasks: removeAt(value.tasks, i) })} />
                  ),
                },
              ]),
        ]}
      />
      <div style={{ margin: '12px 0 20px' }}>
        <AddButton
          testId="add-task"
          label={k.addTask}
          hidden={readOnly}
          onClick={() => onChange({ ...value, tasks: [...value.tasks, { name: '', content: '' }] })}
        />
      </div>
      <Typography.Title level={5}>{k.projects}</Typography.Title>
      {readOnly ? (
        <ReadBlocks
          testId="projects-read"
          columns={projectColumns}
          rows={value.projects}
          rowKey={(p) => p.id}
          heading={(_, i) => `${k.projects} ${i + 1}`}
        />
      ) : (
        <Table<KeyProject>
          size="small"
          bordered
          rowKey="id"
          pagination={false}
          dataSource={value.projects}
          locale={rowsEmpty(t, readOnly, k.addProject)}
          columns={projectColumns}
          scroll={{ x: 1800 }}
        />
      )}
      <div style={{ marginTop: 12 }}>
        <AddButton testId="add-project" label={k.addProject} hidden={readOnly} onClick={addProject} />
      </div>
    </>
  );
}
