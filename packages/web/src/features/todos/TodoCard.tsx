import { Alert, Card, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useTodos } from '../../api/taskBooks';
import type { Todo } from '../../api/types';
import { subjectHref } from '../../components/subjectHref';
import { fmt, useI18n } from '../../i18n';
import { Zh } from '../../components/Zh';
import { emptyLocale } from '../../components/EmptyState';
import { UnreadNoticesCard } from '../notices/UnreadNoticesCard';

const hrefOf = (todo: Todo) =>
  todo.subjectType === 'taskBook' && !todo.taskBookId
    ? `/app/pilots/${todo.pilotId ?? ''}`
    : subjectHref(todo.subjectType, todo.subjectId ?? todo.taskBookId, todo.pilotId);

const PAGE_SIZE = 20;

/**
 * 待办事项: what this organisation owes now, overdue first (the server sorts and pages them), below the notices it has
 * not read; a list longer than a page says how many of each kind it holds.
 */
export function TodoCard() {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const todos = useTodos(page, PAGE_SIZE);
  const items = todos.data?.items ?? [];
  const total = todos.data?.total ?? 0;
  return (
    <>
      <UnreadNoticesCard />
      <Card size="small" title={t.todos.title} style={{ marginBottom: 24 }} loading={todos.isPending}>
        {todos.error && <Alert type="error" showIcon title={todos.error.message} />}
        {total > PAGE_SIZE && (
          <Space wrap data-testid="todo-summary" style={{ marginBottom: 8 }}>
            <Typography.Text>{fmt(t.todos.summary, { total, overdue: todos.data?.overdue ?? 0 })}</Typography.Text>
            {todos.data?.kinds.map((k) => (
              <Tag key={k.kind} color={k.overdue ? 'red' : undefined}>
                {t.todos.kind[k.kind] ?? t.todos.other} {k.count}
              </Tag>
            ))}
          </Space>
        )}
        <List<Todo>
          data-testid="todo-list"
          size="small"
          dataSource={items}
          locale={emptyLocale(t.empty.todos, undefined, true)}
          pagination={{ current: page, pageSize: PAGE_SIZE, total, onChange: setPage, hideOnSinglePage: true, showSizeChanger: false }}
          renderItem={(todo, i) => (
            <List.Item data-testid="todo-item" key={`${todo.kind}-${todo.subjectId ?? todo.taskBookId ?? todo.pilotId ?? i}`}>
              <Space wrap>
                {todo.overdue && <Tag color="red">{t.todos.overdue}</Tag>}
                <Link to={hrefOf(todo)}>
                  <Zh>{todo.pilotName}</Zh> · {t.todos.kind[todo.kind] ?? t.todos.other}
                  {todo.year !== undefined && ` · ${fmt(t.todos.year, { year: todo.year })}`}
                </Link>
                {todo.dueDate && (
                  <Typography.Text type={todo.overdue ? 'danger' : 'secondary'}>{fmt(t.todos.due, { date: todo.dueDate })}</Typography.Text>
                )}
              </Space>
            </List.Item>
          )}
        />
      </Card>
    </>
  );
}
