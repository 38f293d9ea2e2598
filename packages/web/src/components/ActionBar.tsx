import { App, Button, Form, Input, Modal, Space } from 'antd';
import { useState } from 'react';
import { useI18n } from '../i18n';

export interface ActionBarProps {
  /** the actions the server offers this user now */
  actions: string[];
  label: (action: string) => string;
  needsReason: (action: string) => boolean;
  /** the reason's label in the modal (e.g. 初审报告 for a forward) */
  reasonLabel?: (action: string) => string;
  fire: (body: { action: string; reason?: string }, done: () => void) => void;
  pendingAction?: string | undefined;
  /** buttons are `<prefix>-<action>` */
  testIdPrefix: string;
}

/** One button per action; those needing a reason ask for it first (action-reason, action-confirm). */
export function ActionBar({ actions, label, needsReason, reasonLabel, fire, pendingAction, testIdPrefix }: ActionBarProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [asking, setAsking] = useState<string | null>(null);
  const [form] = Form.useForm<{ reason: string }>();
  const done = () => {
    setAsking(null);
    form.resetFields();
    void message.success(t.actionDone);
  };
  if (actions.length === 0) return null;
  return (
    <>
      <Space wrap>
        {actions.map((action) => (
          <Button
            key={action}
            data-testid={`${testIdPrefix}-${action}`}
            type={needsReason(action) ? 'default' : 'primary'}
            loading={pendingAction === action && asking === null}
            onClick={() => (needsReason(action) ? setAsking(action) : fire({ action }, done))}
          >
            {label(action)}
          </Button>
        ))}
      </Space>
      <Modal
        open={asking !== null}
        title={asking ? label(asking) : ''}
        onCancel={() => setAsking(null)}
        destroyOnHidden
        footer={[
          <Button key="cancel" onClick={() => setAsking(null)}>
            {t.cancel}
          </Button>,
          <Button
            key="ok"
            type="primary"
            data-testid="action-confirm"
            loading={pendingAction !== undefined && pendingAction === asking}
            onClick={() => form.submit()}
          >
            {t.confirm}
          </Button>,
        ]}
      >
        <Form form={form} layout="vertical" onFinish={(v) => asking && fire({ action: asking, reason: v.reason.trim() }, done)}>
          <Form.Item
            name="reason"
            label={asking && reasonLabel ? reasonLabel(asking) : t.reason}
            rules={[{ required: true, whitespace: true, message: asking && reasonLabel ? reasonLabel(asking) : t.reason }]}
          >
            <Input.TextArea data-testid="action-reason" rows={5} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
