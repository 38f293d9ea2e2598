import { pilotLifecycle } from '@smartcity/domain';
import { App, Button, Form, Input, Modal, Space } from 'antd';
import { useState } from 'react';
import { usePilotTransition } from '../../api/pilots';
import type { PilotDetail } from '../../api/types';
import { fmt, useI18n } from '../../i18n';

function needsReason(action: string): boolean {
  const transitions: Record<string, { needsReason?: boolean }> = pilotLifecycle.actions;
  return Boolean(transitions[action]?.needsReason);
}

/** One button per lifecycle action the server says this user may fire now. */
export function PilotActions({ pilot }: { pilot: PilotDetail }) {
  const { t, m } = useI18n();
  const { message } = App.useApp();
  const transition = usePilotTransition(pilot.id);
  const [asking, setAsking] = useState<string | null>(null);
  const [form] = Form.useForm<{ reason: string }>();
  const label = (action: string) => (m.pilotAction as Record<string, string>)[action] ?? action;

  const fire = (action: string, reason?: string) =>
    transition.mutate(reason === undefined ? { action } : { action, reason }, {
      onSuccess: () => {
        setAsking(null);
        form.resetFields();
        void message.success(t.actionDone);
      },
      onError: (err) => void message.error(err.message),
    });

  return (
    <>
      <Space wrap>
        {pilot.actions.map((action) => (
          <Button
            key={action}
            data-testid={`pilot-action-${action}`}
            danger={needsReason(action)}
            loading={transition.isPending && transition.variables?.action === action}
            onClick={() => (needsReason(action) ? setAsking(action) : fire(action))}
          >
            {label(action)}
          </Button>
        ))}
      </Space>
      <Modal
        open={asking !== null}
        title={asking ? label(asking) : ''}
        onCancel={() => setAsking(null)}
        footer={[
          <Button key="cancel" onClick={() => setAsking(null)}>
            {t.cancel}
          </Button>,
          <Button
            key="ok"
            data-testid="pilot-action-confirm"
            type="primary"
            danger
            loading={transition.isPending}
            onClick={() => form.submit()}
          >
            {t.confirm}
          </Button>,
        ]}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={({ reason }) => asking && fire(asking, reason.trim())}>
          <Form.Item
            name="reason"
            label={t.reason}
            rules={[{ required: true, whitespace: true, message: fmt(t.required, { field: t.reason }) }]}
          >
            <Input.TextArea data-testid="pilot-action-reason" rows={4} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
