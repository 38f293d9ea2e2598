import type { ActionViewT } from '@smartcity/domain';
import { App, Button, Form, Input, Modal, Space } from 'antd';
import { useState } from 'react';
import { useI18n } from '../i18n';
import { ActionButton } from './ActionButton';

export interface ActionBarProps {
  /** the actions the server offers this user now, each enabled or with the reason it is not */
  actions: ActionViewT[];
  label: (action: string) => string;
  /** the reason's label in the modal (e.g. 初审报告 for a forward) */
  reasonLabel?: (action: string) => string;
  fire: (body: { action: string; reason?: string }, done: () => void) => void;
  pendingAction?: string | undefined;
  /** buttons are `<prefix>-<action>` */
  testIdPrefix: string;
}

/** One button per action; those needing a reason ask for it first (action-reason, action-confirm). */
export function ActionBar({ actions, label, reasonLabel, fire, pendingAction, testIdPrefix }: ActionBarProps) {
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
        {actions.map((view) => (
          <ActionButton
            key={view.action}
            view={view}
            label={label(view.action)}
            testId={`${testIdPrefix}-${view.action}`}
            loading={pendingAction === view.action && asking === null}
            onClick={() => (view.needsReason ? setAsking(view.action) : fire({ action: view.action }, done))}
          />
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
