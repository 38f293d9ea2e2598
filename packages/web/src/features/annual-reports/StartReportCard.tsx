import { FileAddOutlined } from '@ant-design/icons';
import { App, Button, Card, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useCreateAnnualReport } from '../../api/annualReports';
import { ApiError } from '../../api/client';
import { useTaskBook, useTaskBooks } from '../../api/taskBooks';
import type { ReportSummary } from '../../api/types';
import { fmt, useI18n } from '../../i18n';

/** The pilot starts the report of a year of its signed task book's creation period (one per year). */
export function StartReportCard({ started }: { started: ReportSummary[] }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const books = useTaskBooks({ status: 'signed' });
  const summary = books.data?.items[0];
  const book = useTaskBook(summary?.id ?? '');
  const create = useCreateAnnualReport();
  const [year, setYear] = useState<number | undefined>(undefined);
  if (!summary) return null;
  const period = book.data?.sections.find((s) => s.key === 'period')?.content as { startYear?: number; endYear?: number } | undefined;
  const years: number[] = [];
  for (let y = period?.startYear ?? 0; period?.endYear && y <= period.endYear; y++) years.push(y);
  const open = years.filter((y) => !started.some((r) => r.year === y && r.pilot.id === summary.pilot.id));
  const chosen = year ?? open[0];
  if (open.length === 0) return null;

  const start = () =>
    chosen !== undefined &&
    create.mutate(
      { pilotId: summary.pilot.id, year: chosen },
      {
        onSuccess: (report) => void navigate(`/app/annual-reports/${report.id}`),
        onError: (err) => {
          const id = err instanceof ApiError && err.code === 'report_exists' ? started.find((r) => r.year === chosen)?.id : undefined;
          if (id) return void navigate(`/app/annual-reports/${id}`);
          void message.error(err.message);
        },
      },
    );

  return (
    <Card size="small" style={{ marginBottom: 24 }} data-testid="start-report-card">
      <Space wrap>
        <Typography.Text lang="zh-CN">{summary.pilot.name}</Typography.Text>
        <Select<number>
          data-testid="report-year"
          style={{ width: 120 }}
          value={chosen}
          onChange={setYear}
          options={open.map((y) => ({ value: y, label: `${y}` }))}
        />
        <Button type="primary" icon={<FileAddOutlined />} data-testid="start-report" loading={create.isPending} onClick={start}>
          {fmt(t.report.start, { year: chosen ?? '' })}
        </Button>
      </Space>
    </Card>
  );
}
