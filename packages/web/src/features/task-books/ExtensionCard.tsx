import { App, Button, Card, Form, Input } from 'antd';
import { useGrantExtensions } from '../../api/extensions';
import type { TaskBookView } from '../../api/types';
import { DateField } from '../../components/DateField';
import { fmt, useI18n } from '../../i18n';

/** The Ministry extends a pilot's deadline for its first submission unasked, with a reason. */
export function ExtensionCard({ book }: { book: TaskBookView }) {
  const { t } = useI18n();
  const e = t.taskBook.extension;
  const { message } = App.useApp();
  const grant = useGrantExtensions();
  return (
    <Card size="small" title={e.title} data-testid="extension" style={{ marginBottom: 24 }}>
      <Form<{ until: string; reason: string }>
        layout="inline"
        onFinish={(values) =>
          grant.mutate(
            { rows: [{ kind: 'taskBook', pilotId: book.pilot.id }], until: values.until, reason: values.reason.trim() },
            { onSuccess: () => void message.success(t.actionDone), onError: (err) => void message.error(err.message) },
          )
        }
      >
        <Form.Item name="until" label={e.until} rules={[{ required: true, message: fmt(t.required, { field: e.until }) }]}>
          <DateField testId="extension-until" min={book.deadlineExtendedTo ?? book.batch.deadline ?? undefined} />
        </Form.Item>
        <Form.Item
          name="reason"
          label={e.reason}
          rules={[{ required: true, whitespace: true, message: fmt(t.required, { field: e.reason }) }]}
        >
          <Input data-testid="extension-reason" maxLength={2000} style={{ width: 280 }} />
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
