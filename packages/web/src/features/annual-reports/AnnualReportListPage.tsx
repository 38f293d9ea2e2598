import { REPORT_STATUSES, type ReportStatus } from '@smartcity/domain';
import { Alert, Card, Select, Space, Table, Tag, type TableColumnsType } from 'antd';
import { useNavigate, useSearchParams } from 'react-router';
import { useAnnualReports } from '../../api/annualReports';
import { useSession } from '../../api/session';
import type { ReportSummary } from '../../api/types';
import { useI18n } from '../../i18n';
import { StartReportCard } from './StartReportCard';
import { Zh } from '../../components/Zh';
import { sortBy, useTableOrder } from '../../components/sorting';
import { emptyLocale } from '../../components/EmptyState';
import { statusColumn, timeColumn } from '../../components/columns';
import { ExportButtons } from '../../components/ExportButtons';

export function AnnualReportListPage() {
  const { t, m } = useI18n();
  const order = useTableOrder<ReportSummary>();
  const r = t.report;
  const navigate = useNavigate();
  const session = useSession().data;
  const [params, setParams] = useSearchParams();
  const status = REPORT_STATUSES.find((s) => s === params.get('status'));
  const list = useAnnualReports({ status });
  const mayStart = session?.can.startAnnualReport;

  const columns: TableColumnsType<ReportSummary> = [
    { title: r.pilot, key: 'pilot', render: (_, x) => <Zh>{x.pilot.name}</Zh>, ...sortBy((x) => x.pilot.name) },
    { title: r.province, key: 'province', render: (_, x) => <Zh>{x.province.name}</Zh>, ...sortBy((x) => x.province.name) },
    { title: r.year, dataIndex: 'year', width: 90, ...sortBy((x) => x.year) },
    statusColumn<ReportSummary>(r.status, 'reportStatus', REPORT_STATUSES),
    {
      title: r.due,
      dataIndex: 'dueDate',
      render: (d: string, x) => (x.overdue ? <Tag color="red">{`${t.todos.overdue} ${d}`}</Tag> : d),
      ...sortBy((x) => x.dueDate),
    },
    timeColumn<ReportSummary>(t.taskBook.updatedAt, 'updatedAt'),
  ];

  return (
    <>
      {mayStart && <StartReportCard started={list.data?.items ?? []} />}
      <Card
        title={r.list}
        extra={
          <Space wrap>
            <Select<ReportStatus>
              allowClear
              placeholder={r.status}
              style={{ width: 160 }}
              value={status}
              onChange={(v?: ReportStatus) => setParams(v ? { status: v } : {})}
              options={REPORT_STATUSES.map((s) => ({ value: s, label: m.reportStatus[s] }))}
            />
            <ExportButtons list="/api/annual-reports" query={{ status, sort: order.sort }} />
          </Space>
        }
      >
        {list.error && <Alert type="error" showIcon title={list.error.message} />}
        <Table<ReportSummary>
          onChange={order.onChange}
          data-testid="report-table"
          rowKey="id"
          columns={columns}
          dataSource={list.data?.items}
          loading={list.isFetching}
          locale={emptyLocale(t.empty.annualReports)}
          pagination={false}
          onRow={(x) => ({ onClick: () => navigate(`/app/annual-reports/${x.id}`), style: { cursor: 'pointer' } })}
        />
      </Card>
    </>
  );
}
