import { REPORT_STATUSES, type ReportStatus } from '@smartcity/domain';
import { Alert, Card, Select, Table, Tag, type TableColumnsType } from 'antd';
import { useNavigate, useSearchParams } from 'react-router';
import { useAnnualReports } from '../../api/annualReports';
import { useSession } from '../../api/session';
import type { ReportSummary } from '../../api/types';
import { StateTag } from '../../components/StateTag';
import { useI18n } from '../../i18n';
import { StartReportCard } from './StartReportCard';

export function AnnualReportListPage() {
  const { t, m } = useI18n();
  const r = t.report;
  const navigate = useNavigate();
  const session = useSession().data;
  const [params, setParams] = useSearchParams();
  const status = REPORT_STATUSES.find((s) => s === params.get('status'));
  const list = useAnnualReports({ status });
  const mayStart = session?.can.startAnnualReport;

  const columns: TableColumnsType<ReportSummary> = [
    { title: r.pilot, key: 'pilot', render: (_, x) => x.pilot.name },
    { title: r.province, key: 'province', render: (_, x) => x.province.name },
    { title: r.year, dataIndex: 'year', width: 90 },
    { title: r.status, dataIndex: 'status', render: (s: string) => <StateTag labels="reportStatus" status={s} /> },
    { title: r.due, dataIndex: 'dueDate', render: (d: string, x) => (x.overdue ? <Tag color="red">{`${t.todos.overdue} ${d}`}</Tag> : d) },
    { title: t.taskBook.updatedAt, dataIndex: 'updatedAt', render: (v: string) => v.slice(0, 16).replace('T', ' ') },
  ];

  return (
    <>
      {mayStart && <StartReportCard started={list.data?.items ?? []} />}
      <Card
        title={r.list}
        extra={
          <Select<ReportStatus>
            allowClear
            placeholder={r.status}
            style={{ width: 160 }}
            value={status}
            onChange={(v?: ReportStatus) => setParams(v ? { status: v } : {})}
            options={REPORT_STATUSES.map((s) => ({ value: s, label: m.reportStatus[s] }))}
          />
        }
      >
        {list.error && <Alert type="error" showIcon title={list.error.message} />}
        <Table<ReportSummary>
          data-testid="report-table"
          rowKey="id"
          columns={columns}
          dataSource={list.data?.items}
          loading={list.isFetching}
          pagination={false}
          onRow={(x) => ({ onClick: () => navigate(`/app/annual-reports/${x.id}`), style: { cursor: 'pointer' } })}
        />
      </Card>
    </>
  );
}
