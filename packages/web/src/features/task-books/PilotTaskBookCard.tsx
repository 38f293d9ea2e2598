import { FileAddOutlined, FileTextOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Space, Typography } from 'antd';
import { Link, useNavigate } from 'react-router';
import { ApiError, request } from '../../api/client';
import { useSession } from '../../api/session';
import { useCreateTaskBook, useTaskBooks } from '../../api/taskBooks';
import type { Items, PilotDetail, TaskBookSummary } from '../../api/types';
import { fmt, useI18n } from '../../i18n';
import { TaskBookStatusTag } from './TaskBookStatusTag';

/** 创建任务书 on the pilot page: open the pilot's task book, or start it. */
export function PilotTaskBookCard({ pilot }: { pilot: PilotDetail }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const session = useSession().data;
  const list = useTaskBooks({ pilot: pilot.id });
  const create = useCreateTaskBook();
  const book = list.data?.items[0];
  const mayCreate = session?.can.startTaskBook && session.organisation.id === pilot.organisation.id;

  const start = () =>
    create.mutate(pilot.id, {
      onSuccess: (created) => void navigate(`/app/task-books/${created.id}`),
      onError: async (err) => {
        // someone else started it meanwhile: open theirs
        if (err instanceof ApiError && err.code === 'task_book_exists') {
          const found = await request<Items<TaskBookSummary>>('/api/task-books', { query: { pilot: pilot.id } });
          if (found.items[0]) return void navigate(`/app/task-books/${found.items[0].id}`);
        }
        void message.error(err.message);
      },
    });

  return (
    <Card title={t.taskBook.cardTitle} style={{ marginTop: 24 }} loading={list.isPending} data-testid="pilot-task-book">
      {list.error && <Alert type="error" showIcon title={list.error.message} />}
      {book ? (
        <Space wrap size="middle">
          <TaskBookStatusTag status={book.status} />
          <Typography.Text>
            {book.currentVersion ? fmt(t.taskBook.versionLabel, { n: book.currentVersion }) : t.taskBook.draftVersion}
          </Typography.Text>
          {book.batch.deadline && (
            <Typography.Text type="secondary">
              {t.taskBook.deadline}：{book.deadlineExtendedTo ?? book.batch.deadline}
            </Typography.Text>
          )}
          <Link to={`/app/task-books/${book.id}`} data-testid="open-task-book">
            <FileTextOutlined /> {t.taskBook.open}
          </Link>
        </Space>
      ) : (
        <Space>
          <Typography.Text type="secondary">{t.taskBook.none}</Typography.Text>
          {mayCreate && (
            <Button type="primary" icon={<FileAddOutlined />} data-testid="create-task-book" loading={create.isPending} onClick={start}>
              {t.taskBook.create}
            </Button>
          )}
        </Space>
      )}
    </Card>
  );
}
