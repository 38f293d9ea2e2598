import { TASK_BOOK_STATUSES, type TaskBookStatus } from '@smartcity/domain';
import { Alert, Card, Select, Space, Table, type TableColumnsType } from 'antd';
import { useNavigate, useSearchParams } from 'react-router';
import { useTaskBooks } from '../../api/taskBooks';
import type { TaskBookSummary } from '../../api/types';
import { fmt, useI18n } from '../../i18n';
import { TaskBookStatusTag } from './TaskBookStatusTag';
import { Zh } from '../../components/Zh';
import { sortBy, useTableOrder } from '../../components/sorting';
import { emptyLocale } from '../../components/EmptyState';
import { timeColumn } from '../../components/columns';
import { ExportButtons } from '../../components/ExportButtons';

export function TaskBookListPage() {
  const { t, m } = useI18n();
  const order = useTableOrder<TaskBookSummary>();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const status = TASK_BOOK_STATUSES.find((s) => s === params.get('status'));
  const list = useTaskBooks({ status });

  const columns: TableColumnsType<TaskBookSummary> = [
    { title: t.taskBook.pilot, key: 'pilot', render: (_, b) => <Zh>{b.pilot.name}</Zh>, ...sortBy((b) => b.pilot.name) },
    { title: t.taskBook.province, key: 'province', render: (_, b) => <Zh>{b.province.name}</Zh>, ...sortBy((b) => b.province.name) },
    {
      title: t.taskBook.batch,
      key: 'batch',
      render: (_, b) => fmt(t.filters.batchLabel, { year: b.batch.year }),
      ...sortBy((b) => b.batch.year),
    },
    {
      title: t.taskBook.deadline,
      key: 'deadline',
      ...sortBy((b) => b.deadlineExtendedTo ?? b.batch.deadline),
      render: (_, b) =>
        b.deadlineExtendedTo
          ? `${b.batch.deadline ?? ''}（${fmt(t.taskBook.extendedTo, { date: b.deadlineExtendedTo })}）`
          : (b.batch.deadline ?? '—'),
    },
    {
      title: t.taskBook.status,
      dataIndex: 'status',
      render: (s: TaskBookStatus) => <TaskBookStatusTag status={s} />,
      ...sortBy((b) => TASK_BOOK_STATUSES.indexOf(b.status)),
    },
    {
      title: t.taskBook.version,
      key: 'version',
      dataIndex: 'currentVersion',
      ...sortBy((b) => b.currentVersion),
      render: (v: number) => (v ? fmt(t.taskBook.versionLabel, { n: v }) : t.taskBook.draftVersion),
    },
    timeColumn<TaskBookSummary>(t.taskBook.updatedAt, 'updatedAt'),
  ];

  return (
    <Card
      title={t.taskBook.list}
      extra={
        <Space wrap>
          <Select<TaskBookStatus>
            allowClear
            data-testid="task-book-status-filter"
            placeholder={t.taskBook.status}
            style={{ width: 180 }}
            value={status}
            onChange={(v?: TaskBookStatus) => setParams(v ? { status: v } : {})}
            options={TASK_BOOK_STATUSES.map((s) => ({ value: s, label: m.taskBookStatus[s] }))}
          />
          <ExportButtons list="/api/task-books" query={{ status, sort: order.sort }} />
        </Space>
      }
    >
      {list.error && <Alert type="error" showIcon title={list.error.message} />}
      <Table<TaskBookSummary>
        onChange={order.onChange}
        data-testid="task-book-table"
        rowKey="id"
        // a phone scrolls the table, not the page
        scroll={{ x: 'max-content' }}
        columns={columns}
        dataSource={list.data?.items}
        loading={list.isFetching}
        locale={emptyLocale(t.empty.taskBooks)}
        pagination={false}
        onRow={(b) => ({ onClick: () => navigate(`/app/task-books/${b.id}`), style: { cursor: 'pointer' } })}
      />
    </Card>
  );
}
