import { App, Button, Card, Form, Input } from 'antd';
import { useGrantExtension } from '../../api/taskBooks';
import type { TaskBookView } from '../../api/types';
import { fmt, useI18n } from '../../i18n';

/** The Ministry extends a pilot's deadline for its first submission. */
export function ExtensionCard({ book }: { book: TaskBookView }) {
  const { t } = useI18n();
  const e = t.taskBook.extension;
  const { message } = App.useApp();
  const grant = useGrantExtension(book.id);
  return (
    <Card size="small" title={e.title} data-testid="extension" style={{ marginBottom: 24 }}>
      <Form<{ until: string }>
        layout="inline"
        onFinish={(values) =>
          grant.mutate(values.until, {
            onSuccess: () => void message.success(t.actionDone),
            onError: (err) => void message.error(err.message),
          })
        }
      >
        <Form.Item name="until" label={e.until} rules={[{ required: true, message: fmt(t.required, { field: e.until }) }]}>
          <Input type="date" data-testid="extension-until" min={book.batch.deadline ?? undefined} style={{ width: 180 }} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" data-testid="extension-submit" loading={grant.isPending}>
            {e.submit}
          </Button>
        </Form.Item>
      </Form>
    </Card>
  );
}
