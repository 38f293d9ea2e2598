import type { ReviewTask } from '@smartcity/domain';
import { Card, Table, Tag, type TableColumnsType } from 'antd';
import { Link } from 'react-router';
import { useMyReviewTasks } from '../../api/calls';
import { useI18n } from '../../i18n';
import { sortBy } from '../../components/sorting';
import { emptyLocale } from '../../components/EmptyState';

/** 我的评审任务: every review the expert is on, across calls and acceptances, with where each stands. */
export function MyReviewTasksPage() {
  const { t } = useI18n();
  const m = t.application.myTasks;
  const tasks = useMyReviewTasks();
  const columns: TableColumnsType<ReviewTask> = [
    {
      title: m.name,
      key: 'name',
      ...sortBy((r) => r.name),
      render: (_, r) => (
        <Link lang="zh-CN" to={r.subjectType === 'application' ? `/app/applications/${r.subjectId}` : `/app/acceptances/${r.subjectId}`}>
          {r.name}
        </Link>
      ),
    },
    { title: m.type, key: 'type', render: (_, r) => m.types[r.subjectType], ...sortBy((r) => m.types[r.subjectType]) },
    { title: m.year, dataIndex: 'year', width: 90, ...sortBy((r) => r.year) },
    {
      title: m.status,
      key: 'status',
      width: 110,
      ...sortBy((r) => m.statuses[r.status]),
      render: (_, r) => (
        // uncoloured: antd's orange and green tags fall short of the 4.5:1 contrast axe asks for
        <Tag data-testid={`task-status-${r.subjectId}`}>{m.statuses[r.status]}</Tag>
      ),
    },
    { title: m.total, dataIndex: 'total', width: 110, render: (x: number | null) => x ?? '—', ...sortBy((r) => r.total) },
  ];
  return (
    <Card title={<h1 style={{ fontSize: 16, margin: 0 }}>{m.title}</h1>}>
      <Table<ReviewTask>
        rowKey={(r) => `${r.subjectType}:${r.subjectId}`}
        data-testid="my-review-tasks"
        columns={columns}
        dataSource={tasks.data?.items ?? []}
        loading={tasks.isLoading}
        locale={emptyLocale(t.empty.reviewTasks)}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
      />
    </Card>
  );
}
