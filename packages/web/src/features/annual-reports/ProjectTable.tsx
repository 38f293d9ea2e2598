import { PROJECT_STATES } from '@smartcity/domain';
import { Card, InputNumber, Select, Typography, type TableColumnsType } from 'antd';
import type { ReportView } from '../../api/types';
import { useI18n } from '../../i18n';
import type { Project } from './draft';
import { Zh } from '../../components/Zh';
import { ReportRows } from './ReportRows';

interface Props {
  report: ReportView;
  rows: Project[];
  editable: boolean;
  onChange: (index: number, patch: Partial<Project>) => void;
}

const SOURCES = ['government', 'social', 'bank', 'other'] as const;

/** 重点项目进展: state, per cent complete and money spent by source, per key project of the task book. */
export function ProjectTable({ report, rows, editable, onChange }: Props) {
  const { t, m } = useI18n();
  const r = t.report;
  const reasonsOf = (i: number) => report.content.projects[i]?.returnReasons ?? [];
  const columns: TableColumnsType<Project> = [
    {
      title: r.project,
      key: 'name',
      width: 240,
      render: (_, row, i) => (
        <div>
          <Typography.Text strong lang="zh-CN">
            {row.name}
          </Typography.Text>
          {reasonsOf(i).map((x, k) => (
            <div key={k} data-testid={`proj-${i}-reasons`}>
              <Typography.Text type="danger">
                <Zh>
                  {x.text}（{x.byName}）
                </Zh>
              </Typography.Text>
            </div>
          ))}
        </div>
      ),
    },
    {
      title: r.state,
      key: 'state',
      width: 130,
      render: (_, row, i) =>
        editable ? (
          <Select
            data-testid={`proj-${i}-state`}
            aria-label={`${r.state} ${i + 1}`}
            value={row.state}
            style={{ width: 120 }}
            onChange={(v: Project['state']) => onChange(i, { state: v })}
            options={PROJECT_STATES.map((s) => ({ value: s, label: m.projectState[s] }))}
          />
        ) : (
          m.projectState[row.state]
        ),
    },
    {
      title: r.percent,
      key: 'percent',
      width: 110,
      render: (_, row, i) =>
        editable ? (
          <InputNumber
            data-testid={`proj-${i}-percent`}
            aria-label={`${r.percent} ${i + 1}`}
            min={0}
            max={100}
            value={row.percentComplete}
            style={{ width: 90 }}
            onChange={(v) => onChange(i, { percentComplete: typeof v === 'number' ? v : 0 })}
          />
        ) : (
          `${row.percentComplete}%`
        ),
    },
    {
      title: r.spent,
      children: SOURCES.map((s) => ({
        title: t.taskBook.tasks[s],
        key: s,
        width: 110,
        render: (_: unknown, row: Project, i: number) =>
          editable ? (
            <InputNumber
              data-testid={`proj-${i}-spent-${s}`}
              aria-label={`${r.spent} · ${t.taskBook.tasks[s]} ${i + 1}`}
              min={0}
              value={row.spent[s]}
              style={{ width: 100 }}
              onChange={(v) => onChange(i, { spent: { ...row.spent, [s]: typeof v === 'number' ? v : 0 } })}
            />
          ) : (
            row.spent[s]
          ),
      })),
    },
  ];
  return (
    <Card title={r.projects} style={{ marginBottom: 24 }} data-testid="report-projects">
      <ReportRows
        editable={editable}
        columns={columns}
        rows={rows}
        scrollX={900}
        returned={(i) => reasonsOf(i).length > 0}
        readTestId="report-projects-read"
      />
    </Card>
  );
}
