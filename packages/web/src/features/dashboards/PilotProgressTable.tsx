import type { DashboardQuery, PilotProgress } from '@smartcity/domain';
import { Card, Table, type TableColumnsType } from 'antd';
import { Link } from 'react-router';
import { usePilotProgress } from '../../api/dashboards';
import { Zh } from '../../components/Zh';
import { fmt, useI18n } from '../../i18n';
import { StatusTag } from '../pilots/StatusTag';
import { TaskBookStatusTag } from '../task-books/TaskBookStatusTag';

type Item = PilotProgress['items'][number];

/** Where each pilot in view stands: the province's table of its own pilots. */
export function PilotProgressTable({ query }: { query: DashboardQuery }) {
  const { t, m } = useI18n();
  const progress = usePilotProgress(query, true);
  const year = progress.data?.year ?? null;
  const columns: TableColumnsType<Item> = [
    {
      title: t.dashboard.pilot,
      key: 'name',
      render: (_, p) => (
        <Link to={`/app/pilots/${p.id}`}>
          <Zh>{p.name}</Zh>
        </Link>
      ),
    },
    { title: t.pilot.status, key: 'status', render: (_, p) => <StatusTag status={p.status} /> },
    {
      title: t.dashboard.taskBooks,
      key: 'taskBook',
      render: (_, p) => (p.taskBook === 'none' ? t.dashboard.taskBookNone : <TaskBookStatusTag status={p.taskBook} />),
    },
    {
      title: year === null ? t.dashboard.noYear : fmt(t.dashboard.reportOfYear, { year }),
      key: 'report',
      render: (_, p) => (p.report ? t.dashboard.report[p.report] : t.dashboard.notDue),
    },
    { title: t.dashboard.reportsAccepted, dataIndex: 'reportsAccepted', align: 'right' },
    { title: t.dashboard.metric.openFindings, dataIndex: 'openFindings', align: 'right' },
    { title: t.dashboard.stars, key: 'stars', render: (_, p) => (p.stars === null ? t.dashboard.none : m.stars[p.stars as 0 | 1 | 2 | 3]) },
  ];
  return (
    <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t.dashboard.progress}</h2>}>
      <Table<Item>
        data-testid="progress-table"
        rowKey="id"
        size="small"
        scroll={{ x: 'max-content' }}
        loading={progress.isFetching}
        columns={columns}
        dataSource={progress.data?.items}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
      />
    </Card>
  );
}
