import { DEFAULT_REASON_MAX, takesOpinion, type ActionViewT } from '@smartcity/domain';
import { Button, Form, Input, Modal, Typography } from 'antd';
import { fmt, useI18n } from '../i18n';

/** Whether pressing the button asks first: a reason the table requires, or the opinion an approval or decision records. */
export const asksFirst = (view: Pick<ActionViewT, 'kind' | 'needsReason'>) => view.needsReason || takesOpinion(view.kind);

interface Props {
  /** the action being confirmed, or null when closed */
  asking: Pick<ActionViewT, 'action' | 'kind' | 'needsReason'> | null;
  label(action: string): string;
  /** the reason's label when the table requires one (e.g. 初审报告 for a forward) */
  reasonLabel?: ((action: string) => string) | undefined;
  pending: boolean;
  testIds?: { reason: string; confirm: string };
  onCancel(): void;
  onSubmit(reason: string): void;
}

/**
 * The one confirmation of a decision: "确定…？" with the text it is recorded with — the reason a return requires, or
 * the 审核意见 of an approval or decision, "同意" until edited. The server records the same default when none is sent.
 */
export function DecisionDialog({ asking, label, reasonLabel, pending, testIds, onCancel, onSubmit }: Props) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ reason: string }>();
  const ids = testIds ?? { reason: 'action-reason', confirm: 'action-confirm' };
  const fieldLabel = !asking ? '' : asking.needsReason ? (reasonLabel?.(asking.action) ?? t.reason) : t.decision.opinion;
  return (
    <Modal
      open={asking !== null}
      title={asking ? label(asking.action) : ''}
      onCancel={onCancel}
      destroyOnHidden
      footer={[
        <Button key="cancel" onClick={onCancel}>
          {t.cancel}
        </Button>,
        <Button key="ok" type="primary" data-testid={ids.confirm} loading={pending} onClick={() => form.submit()}>
          {t.confirm}
        </Button>,
      ]}
    >
      {asking && (
        <Typography.Paragraph data-testid="decision-question">
          {fmt(t.decision.question, { action: label(asking.action) })}
        </Typography.Paragraph>
      )}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ reason: asking?.needsReason ? '' : t.decision.defaultOpinion }}
        onFinish={(v) => onSubmit(v.reason.trim())}
      >
        <Form.Item name="reason" label={fieldLabel} rules={[{ required: true, whitespace: true, message: fieldLabel }]}>
          <Input.TextArea data-testid={ids.reason} rows={4} maxLength={DEFAULT_REASON_MAX} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
