import type { ActionViewT } from '@smartcity/domain';
import { Alert, Button, Form, Input, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../i18n';
import { ActionButton } from './ActionButton';
import { DecisionDialog, asksFirst } from './DecisionDialog';

export interface ReasonedFire {
  action: string;
  reason?: string;
  itemReasons?: { item: string; text: string }[];
}

interface Props {
  actions: ActionViewT[];
  label(action: string): string;
  /** the parts a reason may point at (sections, indicators, projects) */
  items: { id: string; name: string; testId: string }[];
  itemsTitle: string;
  testIds: { button(action: string): string; reason: string; confirm: string };
  pendingAction: string | undefined;
  /** resolves true when the action went through (the modal then closes) */
  fire(body: ReasonedFire): Promise<boolean>;
}

interface Values {
  reason?: string;
  items?: Record<string, string | undefined>;
}

/**
 * One button per lifecycle action the server offers; a return or rejection asks first for a general reason
 * and/or reasons per part, and needs at least one of them; an approval is confirmed with its opinion (DecisionDialog).
 */
export function ReasonedActions({ actions, label, items, itemsTitle, testIds, pendingAction, fire }: Props) {
  const { t } = useI18n();
  const [asking, setAsking] = useState<string | null>(null);
  const [deciding, setDeciding] = useState<ActionViewT | null>(null);
  const [hint, setHint] = useState(false);
  const [form] = Form.useForm<Values>();

  const send = async (body: ReasonedFire) => {
    if (await fire(body)) {
      setAsking(null);
      setDeciding(null);
      form.resetFields();
    }
  };
  const submitReasons = (values: Values) => {
    if (!asking) return;
    const reason = values.reason?.trim();
    const itemReasons = Object.entries(values.items ?? {})
      .map(([item, text]) => ({ item, text: (text ?? '').trim() }))
      .filter((r) => r.text);
    if (!reason && itemReasons.length === 0) return setHint(true);
    void send({ action: asking, ...(reason ? { reason } : {}), ...(itemReasons.length ? { itemReasons } : {}) });
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
            testId={testIds.button(view.action)}
            loading={pendingAction === view.action}
            onClick={() => {
              setHint(false);
              if (view.needsReason) setAsking(view.action);
              else if (asksFirst(view)) setDeciding(view);
              else void send({ action: view.action });
            }}
          />
        ))}
      </Space>
      <DecisionDialog
        asking={deciding}
        label={label}
        pending={pendingAction !== undefined}
        testIds={{ reason: testIds.reason, confirm: testIds.confirm }}
        onCancel={() => setDeciding(null)}
        onSubmit={(reason) => deciding && void send({ action: deciding.action, reason })}
      />
      <Modal
        open={asking !== null}
        width={720}
        title={asking ? label(asking) : ''}
        onCancel={() => setAsking(null)}
        destroyOnHidden
        footer={[
          <Button key="cancel" onClick={() => setAsking(null)}>
            {t.cancel}
          </Button>,
          <Button
            key="ok"
            data-testid={testIds.confirm}
            type="primary"
            danger
            loading={pendingAction !== undefined}
            onClick={() => form.submit()}
          >
            {t.confirm}
          </Button>,
        ]}
      >
        {hint && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={t.taskBook.returnHint} />}
        <Form form={form} layout="vertical" onFinish={submitReasons} onValuesChange={() => setHint(false)}>
          <Form.Item name="reason" label={t.taskBook.generalReason}>
            <Input.TextArea data-testid={testIds.reason} rows={3} maxLength={2000} />
          </Form.Item>
          <Typography.Text strong>{itemsTitle}</Typography.Text>
          <div style={{ maxHeight: '45vh', overflow: 'auto', marginTop: 8 }}>
            {items.map((it) => (
              <Form.Item key={it.id} name={['items', it.id]} label={it.name} style={{ marginBottom: 8 }}>
                <Input.TextArea data-testid={it.testId} autoSize={{ minRows: 1, maxRows: 4 }} maxLength={2000} />
              </Form.Item>
            ))}
          </div>
        </Form>
      </Modal>
    </>
  );
}
