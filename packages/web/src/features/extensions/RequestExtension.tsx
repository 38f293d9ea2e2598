import type { ButtonProps } from 'antd';
import { Alert, App, Button, Card, Descriptions, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useDeadlineExtensions, useRequestExtension, type DeadlineOf } from '../../api/extensions';
import { DateField } from '../../components/DateField';
import { fmt, useI18n } from '../../i18n';
import { beijingDay } from '../../components/time';

/**
 * Past its deadline — a task book's first submission, a year's report — the pilot asks for a later one (申请延期): a
 * reason and a date, in a dialog. The latest request and the Ministry's decision stand beside the button; the card
 * stands above the content, where an overdue record's editor looks first, and says why it is late.
 */
export function RequestExtension({ deadline, owedBy, owed }: { deadline: DeadlineOf; owedBy: string; owed: boolean }) {
  const { t, m } = useI18n();
  const e = t.extension;
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ reason: string; until: string }>();
  const ask = useRequestExtension(deadline);
  const history = useDeadlineExtensions(deadline);
  const latest = history.data?.items[0];
  const pending = latest?.status === 'requested';
  // offered to whoever may ask while the deadline has passed; kept (disabled) while a request waits
  const overdue = history.data?.requestable === true || (pending && owed);
  if (!overdue && !latest) return null;
  return (
    <Card size="small" title={e.title} data-testid="extension-request" style={{ marginBottom: 24 }}>
      {overdue && !pending && (
        <Alert
          type="warning"
          showIcon
          data-testid="extension-overdue"
          style={{ marginBottom: 12 }}
          title={fmt('taskBookId' in deadline ? e.overdue : e.overdueReport, { date: owedBy })}
        />
      )}
      {latest && (
        <Descriptions
          size="small"
          column={1}
          data-testid="extension-latest"
          items={[
            { key: 'status', label: e.status, children: m.extensionStatus[latest.status] },
            { key: 'until', label: e.proposedUntil, children: latest.proposedUntil },
            { key: 'reason', label: e.reason, children: latest.reason },
            ...(latest.decidedAt
              ? [
                  { key: 'granted', label: e.grantedUntil, children: latest.grantedUntil ?? '—' },
                  {
                    key: 'decision',
                    label: e.opinion,
                    children: `${latest.decisionReason ?? ''}（${latest.decidedBy ?? ''}，${beijingDay(latest.decidedAt)}）`,
                  },
                ]
              : []),
          ]}
        />
      )}
      {overdue && (
        <Button
          type="primary"
          data-testid="extension-request-open"
          disabled={pending}
          title={pending ? e.pending : undefined}
          onClick={() => setOpen(true)}
          style={{ marginTop: 12 }}
        >
          {e.request}
        </Button>
      )}
      <Modal
        open={open}
        title={e.request}
        okText={e.send}
        cancelText={t.cancel}
        confirmLoading={ask.isPending}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        okButtonProps={{ 'data-testid': 'extension-request-send' } as ButtonProps}
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={(values) =>
            ask.mutate(
              { reason: values.reason.trim(), until: values.until },
              {
                onSuccess: () => {
                  setOpen(false);
                  void message.success(e.sent);
                },
                onError: (err) => void message.error(err.message),
              },
            )
          }
        >
          <Form.Item
            name="reason"
            label={e.reason}
            rules={[{ required: true, whitespace: true, message: fmt(t.required, { field: e.reason }) }]}
          >
            <Input.TextArea data-testid="extension-request-reason" rows={3} maxLength={2000} />
          </Form.Item>
          <Form.Item
            name="until"
            label={e.proposedUntil}
            rules={[{ required: true, message: fmt(t.required, { field: e.proposedUntil }) }]}
          >
            <DateField testId="extension-request-until" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
