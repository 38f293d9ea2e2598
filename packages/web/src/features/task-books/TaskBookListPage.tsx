import { TASK_BOOK_STATUSES, type TaskBookStatus } from '@smartcity/domain';
import { Alert, Card, Select, Table, type TableColumnsType } from 'antd';
import { useNavigate, useSearchParams } from 'react-router';
import { useTaskBooks } from '../../api/taskBooks';
import type { TaskBookSummary } from '../../api/types';
import { fmt, useI18n } from '../../i18n';
import { TaskBookStatusTag } from './TaskBookStatusTag';

export function TaskBookListPage() {
  const { t, m } = useI18n();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const status = TASK_BOOK_STATUSES.find((s) => s === params.get('status'));
  const list = useTaskBooks({ status });

  const columns: TableColumnsType<TaskBookSummary> = [
    { title: t.taskBook.pilot, key: 'pilot', render: (_, b) => b.pilot.name },
    { title: t.taskBook.province, key: 'province', render: (_, b) => b.province.name },
    { title: t.taskBook.batch, key: 'batch', render: (_, b) => b.batch.name },
    {
      title: t.taskBook.deadline,
      key: 'deadline',
      render: (_, b) =>
        b.deadlineExtendedTo
          ? `${b.batch.deadline ?? ''}（${fmt(t.taskBook.extendedTo, { date: b.deadlineExtendedTo })}）`
          : (b.batch.deadline ?? '—'),
    },
    { title: t.taskBook.status, dataIndex: 'status', render: (s: TaskBookStatus) => <TaskBookStatusTag status={s} /> },
    {
      title: t.taskBook.version,
      dataIndex: 'currentVersion',
      render: (v: number) => (v ? fmt(t.taskBook.versionLabel, { n: v }) : t.taskBook.draftVersion),
    },
    { title: t.taskBook.updatedAt, dataIndex: 'updatedAt', render: (v: string) => v.slice(0, 16).replace('T', ' ') },
  ];

  return (
    <Card
      title={t.taskBook.list}
      extra={
        <Select<TaskBookStatus>
          allowClear
          data-testid="task-book-status-filter"
          placeholder={t.taskBook.status}
          style={{ width: 180 }}
          value={status}
          onChange={(v?: TaskBookStatus) => setParams(v ? { status: v } : {})}
          options={TASK_BOOK_STATUSES.map((s) => ({ value: s, label: m.taskBookStatus[s] }))}
        />
      }
    >
      {list.error && <Alert type="error" showIcon title={list.error.message} />}
      <Table<TaskBookSummary>
        data-testid="task-book-table"
        rowKey="id"
        columns={columns}
        dataSource={list.data?.items}
        loading={list.isFetching}
        pagination={false}
        onRow={(b) => ({ onClick: () => navigate(`/app/task-books/${b.id}`), style: { cursor: 'pointer' } })}
      />
    </Card>
  );
}
