import { TASK_BOOK_SECTIONS, taskBookLifecycle } from '@smartcity/domain';
import { Alert, App, Button, Form, Input, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTaskBookTransition, type TransitionBody } from '../../api/taskBooks';
import type { TaskBookView } from '../../api/types';
import { useI18n } from '../../i18n';

const needsReason = (action: string) => Boolean((taskBookLifecycle.actions as Record<string, { needsReason?: boolean }>)[action]?.needsReason);

interface ReturnValues {
  reason?: string;
  sections?: Record<string, string | undefined>;
}

/** One button per lifecycle action the server offers this user now; returns ask for reasons, by section if wished. */
export function TaskBookActions({ book }: { book: TaskBookView }) {
  const { t, m } = useI18n();
  const { message } = App.useApp();
  const transition = useTaskBookTransition(book.id);
  const [asking, setAsking] = useState<string | null>(null);
  const [hint, setHint] = useState(false);
  const [form] = Form.useForm<ReturnValues>();
  const label = (action: string) => (m.taskBookAction as Record<string, string>)[action] ?? action;

  const fire = (body: TransitionBody) =>
    transition.mutate(body, {
      onSuccess: () => {
        setAsking(null);
        form.resetFields();
        void message.success(t.actionDone);
      },
      onError: (err) => void message.error(err.message),
    });

  const submitReturn = (values: ReturnValues) => {
    if (!asking) return;
    const reason = values.reason?.trim();
    const sectionReasons = Object.entries(values.sections ?? {})
      .map(([n, text]) => ({ section: Number(n), text: (text ?? '').trim() }))
      .filter((r) => r.text);
    if (!reason && sectionReasons.length === 0) return setHint(true);
    fire({ action: asking, ...(reason ? { reason } : {}), ...(sectionReasons.length ? { sectionReasons } : {}) });
  };

  if (book.actions.length === 0) return null;
  return (
    <>
      <Space wrap>
        {book.actions.map((action) => (
          <Button
            key={action}
            data-testid={`tb-action-${action}`}
            type={needsReason(action) ? 'default' : 'primary'}
            danger={needsReason(action)}
            loading={transition.isPending && transition.variables?.action === action}
            onClick={() => {
              setHint(false);
              if (needsReason(action)) setAsking(action);
              else fire({ action });
            }}
          >
            {label(action)}
          </Button>
        ))}
      </Space>
      <Modal
        open={asking !== null}
        width={720}
        title={asking ? label(asking) : ''}
        onCancel={() => setAsking(null)}
        footer={[
          <Button key="cancel" onClick={() => setAsking(null)}>
            {t.cancel}
          </Button>,
          <Button key="ok" data-testid="return-confirm" type="primary" danger loading={transition.isPending} onClick={() => form.submit()}>
            {t.confirm}
          </Button>,
        ]}
        destroyOnHidden
      >
        {hint && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={t.taskBook.returnHint} />}
        <Form form={form} layout="vertical" onFinish={submitReturn} onValuesChange={() => setHint(false)}>
          <Form.Item name="reason" label={t.taskBook.generalReason}>
            <Input.TextArea data-testid="return-reason" rows={3} maxLength={2000} />
          </Form.Item>
          <Typography.Text strong>{t.taskBook.sectionReason}</Typography.Text>
          {TASK_BOOK_SECTIONS.map((s) => (
            <Form.Item key={s.n} name={['sections', String(s.n)]} label={`${s.numeral}、${s.title}`} style={{ marginBottom: 8 }}>
              <Input.TextArea data-testid={`return-reason-${s.n}`} autoSize={{ minRows: 1, maxRows: 4 }} maxLength={2000} />
            </Form.Item>
          ))}
        </Form>
      </Modal>
    </>
  );
}
