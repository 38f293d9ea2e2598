import { Alert, Card, List, Space, Tag, Typography } from 'antd';
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

/** 待办事项: what this organisation owes now, overdue first (the server sorts them), below the notices it has not read. */
export function TodoCard() {
  const { t } = useI18n();
  const todos = useTodos();
  const items = todos.data?.items ?? [];
  return (
    <>
      <UnreadNoticesCard />
      <Card size="small" title={t.todos.title} style={{ marginBottom: 24 }} loading={todos.isPending}>
        {todos.error && <Alert type="error" showIcon title={todos.error.message} />}
        <List<Todo>
          data-testid="todo-list"
          size="small"
          dataSource={items}
          locale={emptyLocale(t.empty.todos, undefined, true)}
          renderItem={(todo, i) => (
            <List.Item data-testid="todo-item" key={`${todo.kind}-${todo.subjectId ?? todo.taskBookId ?? todo.pilotId ?? i}`}>
              <Space wrap>
                {todo.overdue && <Tag color="red">{t.todos.overdue}</Tag>}
                <Link to={hrefOf(todo)}>
                  <Zh>{todo.pilotName}</Zh> · {t.todos.kind[todo.kind] ?? t.todos.other}
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
