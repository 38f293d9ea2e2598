import { AMENDMENT_TYPES, amendmentRequestSchema, type AmendmentType } from '@smartcity/domain';
import { App, Button, Card, Form, Input, Select } from 'antd';
import { useAmendTaskBook } from '../../api/taskBooks';
import type { TaskBookView } from '../../api/types';
import { fmt, useI18n } from '../../i18n';
import { zodRule } from '../pilots/zodRules';

/** 申请修订 after signing: reopens the draft, which then runs the same review and signing path. */
export function AmendmentCard({ book }: { book: TaskBookView }) {
  const { t, m, lang } = useI18n();
  const a = t.taskBook.amend;
  const { message } = App.useApp();
  const amend = useAmendTaskBook(book.id);
  const [form] = Form.useForm<{ type: AmendmentType; reason: string }>();
  return (
    <Card title={a.title} data-testid="amendment" style={{ marginBottom: 24 }}>
      <Form
        form={form}
        layout="vertical"
        onFinish={(values) =>
          amend.mutate(
            { type: values.type, reason: values.reason.trim() },
            { onSuccess: () => void message.success(t.actionDone), onError: (err) => void message.error(err.message) },
          )
        }
      >
        <Form.Item name="type" label={a.type} rules={[{ required: true, message: fmt(t.required, { field: a.type }) }]}>
          <Select
            data-testid="amend-type"
            style={{ maxWidth: 320 }}
            options={AMENDMENT_TYPES.map((type) => ({ value: type, label: m.amendmentType[type] }))}
          />
        </Form.Item>
        <Form.Item
          name="reason"
          label={a.reason}
          rules={[
            { required: true, whitespace: true, message: fmt(t.required, { field: a.reason }) },
            zodRule(amendmentRequestSchema.shape.reason, lang, a.reason),
          ]}
        >
          <Input.TextArea data-testid="amend-reason" rows={3} maxLength={2000} />
        </Form.Item>
        <Button type="primary" htmlType="submit" data-testid="amend-submit" loading={amend.isPending}>
          {a.submit}
        </Button>
      </Form>
    </Card>
  );
}
