import { REPORT_SORTS, REPORT_STATUSES, type ReportSort, type ReportStatus } from '@smartcity/domain';
import { Alert, Card, Select, Space, Table, Tag, type TableColumnsType } from 'antd';
import { useNavigate, useSearchParams } from 'react-router';
import { useAnnualReports } from '../../api/annualReports';
import { useSession } from '../../api/session';
import type { ReportSummary } from '../../api/types';
import { fmt, useI18n } from '../../i18n';
import { StartReportCard } from './StartReportCard';
import { Zh } from '../../components/Zh';
import { serverSorted, sortOfHeader } from '../../components/sorting';
import { emptyLocale } from '../../components/EmptyState';
import { statusColumn, timeColumn } from '../../components/columns';
import { ExportButtons } from '../../components/ExportButtons';

export function AnnualReportListPage() {
  const { t, m } = useI18n();
  const r = t.report;
  const navigate = useNavigate();
  const session = useSession().data;
  // filter, order and page live in the address: a reader can bookmark or share the list as they see it
  const [params, setParams] = useSearchParams();
  const status = REPORT_STATUSES.find((s) => s === params.get('status'));
  const sort = REPORT_SORTS.find((s) => s === params.get('sort'));
  const page = Math.max(1, Number(params.get('page')) || 1);
  const pageSize = Number(params.get('pageSize')) || 50;
  const list = useAnnualReports({ status, sort }, page, pageSize);
  const mayStart = session?.can.startAnnualReport;
  const show = (next: { status?: ReportStatus; sort?: ReportSort; page?: number; pageSize?: number }) => {
    const merged = { status, sort, pageSize: pageSize === 50 ? undefined : pageSize, ...next };
    setParams(
      Object.fromEntries(
        Object.entries(merged)
          .filter(([, v]) => v !== undefined && v !== 1)
          .map(([k, v]) => [k, String(v)]),
      ),
    );
  };

  // the list is paged by the server, so it sorts there
  const sorted = (key: string) => serverSorted(sort, key);
  const columns: TableColumnsType<ReportSummary> = [
    { title: r.pilot, render: (_, x) => <Zh>{x.pilot.name}</Zh>, ...sorted('pilot') },
    { title: r.province, render: (_, x) => <Zh>{x.province.name}</Zh>, ...sorted('province') },
    { title: r.year, dataIndex: 'year', width: 90, ...sorted('year') },
    { ...statusColumn<ReportSummary>(r.status, 'reportStatus', REPORT_STATUSES), ...sorted('status') },
    {
      title: r.due,
      dataIndex: 'dueDate',
      render: (d: string, x) => (x.overdue ? <Tag color="red">{`${t.todos.overdue} ${d}`}</Tag> : d),
      ...sorted('dueDate'),
    },
    { ...timeColumn<ReportSummary>(t.taskBook.updatedAt, 'updatedAt'), ...sorted('updatedAt') },
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
              aria-label={r.status}
              style={{ width: 160 }}
              value={status}
              onChange={(v?: ReportStatus) => show({ status: v, page: 1 })}
              options={REPORT_STATUSES.map((s) => ({ value: s, label: m.reportStatus[s] }))}
            />
            <ExportButtons list="/api/annual-reports" query={{ status, sort }} />
          </Space>
        }
      >
        {list.error && <Alert type="error" showIcon title={list.error.message} />}
        <Table<ReportSummary>
          onChange={(_pagination, _filters, sorter, extra) =>
            extra.action === 'sort' && show({ sort: (sortOfHeader(sorter) as ReportSort | null) ?? undefined, page: 1 })
          }
          data-testid="report-table"
          rowKey="id"
          columns={columns}
          dataSource={list.data?.items}
          loading={list.isFetching}
          locale={emptyLocale(t.empty.annualReports)}
          pagination={{
            current: page,
            pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: false, // the page size is in the address (`pageSize`)
            hideOnSinglePage: true,
            showTotal: (total) => fmt(list.data?.totalExact === false ? r.totalAbout : r.total, { total }),
            onChange: (next, size) => show({ page: size === pageSize ? next : 1, pageSize: size }),
          }}
          onRow={(x) => ({ onClick: () => navigate(`/app/annual-reports/${x.id}`), style: { cursor: 'pointer' } })}
        />
      </Card>
    </>
  );
}
