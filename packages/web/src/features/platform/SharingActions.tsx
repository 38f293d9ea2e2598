import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { ActionViewT } from '@smartcity/domain';
import { App, Button, Checkbox, Form, Input, Modal, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useResource, useSharingTransition, type SharingDecision, type SharingRequestView } from '../../api/platform';
import { ActionButton } from '../../components/ActionButton';
import { DateField } from '../../components/DateField';
import { DecisionDialog } from '../../components/DecisionDialog';
import { fmt, useI18n } from '../../i18n';
import { FieldName } from './FieldName';
import { someChecked } from './RequestSharing';

/**
 * A sharing request's buttons as the server offers them: 同意共享 opens the grant's scope (fields among those asked, the
 * expiry, rows), 不予共享 and 撤销授权 ask for the reason, 撤回申请 is confirmed. Test ids `sharing-<action>`.
 */
export function SharingActions({ request }: { request: SharingRequestView }) {
  const { t, m } = useI18n();
  const { message, modal } = App.useApp();
  const decide = useSharingTransition();
  const [asking, setAsking] = useState<ActionViewT | null>(null);
  const [approving, setApproving] = useState(false);
  const label = (a: string) => (m.sharingAction as Record<string, string>)[a] ?? a;
  const fire = (body: SharingDecision, done: () => void) =>
    decide.mutate(
      { id: request.id, ...body },
      {
        onSuccess: () => {
          done();
          void message.success(t.actionDone);
        },
        onError: (err) => void message.error(err.message),
      },
    );
  const pending = decide.isPending ? decide.variables?.action : undefined;
  if (request.actions.length === 0) return null;
  return (
    <>
      <Space wrap size={4}>
        {request.actions.map((view) => (
          <ActionButton
            key={view.action}
            view={view}
            label={label(view.action)}
            testId={`sharing-${view.action}`}
            loading={pending === view.action && !approving && asking === null}
            onClick={() => {
              if (view.action === 'approve') setApproving(true);
              else if (view.needsReason) setAsking(view);
              else
                modal.confirm({
                  title: fmt(t.decision.question, { action: label(view.action) }),
                  okText: t.confirm,
                  cancelText: t.cancel,
                  okButtonProps: { 'data-testid': 'sharing-confirm' },
                  onOk: () =>
                    decide
                      .mutateAsync({ id: request.id, action: view.action })
                      .then(() => void message.success(t.actionDone))
                      .catch((err: Error) => void message.error(err.message)),
                });
            }}
          />
        ))}
      </Space>
      <DecisionDialog
        asking={asking}
        label={label}
        reasonLabel={() => t.platform.decisionReason}
        pending={pending !== undefined && pending === asking?.action}
        testIds={{ reason: 'sharing-reason', confirm: 'sharing-reason-confirm' }}
        onCancel={() => setAsking(null)}
        onSubmit={(reason) => asking && fire({ action: asking.action, reason }, () => setAsking(null))}
      />
      {approving && (
        <ApproveDialog
          request={request}
          pending={pending === 'approve'}
          onCancel={() => setApproving(false)}
          onSubmit={(body) => fire(body, () => setApproving(false))}
        />
      )}
    </>
  );
}

interface ApproveValues {
  fields: string[];
  expiresOn: string;
  rowFilter: { field?: string; values?: string[] }[];
  reason: string;
}

/**
 * 同意共享: the grant's scope — the fields granted (those asked, any of them left out), the day it expires (the period
 * asked for, or earlier), and optionally the rows (a field equal to one of some values) — with the opinion recorded.
 */
function ApproveDialog({
  request,
  pending,
  onCancel,
  onSubmit,
}: {
  request: SharingRequestView;
  pending: boolean;
  onCancel: () => void;
  onSubmit: (body: SharingDecision) => void;
}) {
  const { t, m } = useI18n();
  const p = t.platform;
  const [form] = Form.useForm<ApproveValues>();
  // the resource's fields name the asked ones in words (and offer themselves to the row filter)
  const resource = useResource(request.resource.id);
  const fields = resource.data?.fields ?? request.fields.map((name) => ({ name, label: undefined }));
  const submit = (v: ApproveValues) => {
    const rowFilter = v.rowFilter
      .filter((r) => r.field && r.values?.length)
      .map((r) => ({ field: r.field!, values: r.values!.map((x) => x.trim()).filter(Boolean) }));
    onSubmit({
      action: 'approve',
      fields: v.fields,
      expiresOn: v.expiresOn,
      reason: v.reason.trim(),
      ...(rowFilter.length ? { rowFilter } : {}),
    });
  };
  return (
    <Modal
      open
      width={720}
      title={m.sharingAction.approve}
      okText={m.sharingAction.approve}
      cancelText={t.cancel}
      okButtonProps={{ 'data-testid': 'sharing-approve-confirm' }}
      confirmLoading={pending}
      onCancel={onCancel}
      onOk={() => form.submit()}
    >
      <Form<ApproveValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ fields: request.fields, expiresOn: request.until, rowFilter: [], reason: t.decision.defaultOpinion }}
      >
        <Form.Item
          name="fields"
          label={p.grantedFields}
          extra={p.grantedFieldsHelp}
          rules={[someChecked(fmt(t.required, { field: p.grantedFields }))]}
        >
          <Checkbox.Group
            data-testid="sharing-approve-fields"
            options={request.fields.map((name) => ({
              value: name,
              label: <FieldName field={fields.find((f) => f.name === name) ?? { name }} />,
            }))}
          />
        </Form.Item>
        <Form.Item
          name="expiresOn"
          label={p.expiresOn}
          extra={fmt(p.expiresOnHelp, { until: request.until })}
          rules={[{ required: true, message: fmt(t.required, { field: p.expiresOn }) }]}
        >
          <DateField testId="sharing-approve-expires" />
        </Form.Item>
        <Typography.Text strong>{p.rowFilter}</Typography.Text>
        <Typography.Paragraph type="secondary">{p.rowFilterHelp}</Typography.Paragraph>
        <Form.List name="rowFilter">
          {(rows, { add, remove }) => (
            <>
              {rows.map((row, i) => (
                <Space key={row.key} align="start" wrap style={{ display: 'flex' }}>
                  <Form.Item name={[row.name, 'field']} style={{ width: 200, marginBottom: 8 }}>
                    <Select
                      aria-label={fmt(p.rowFilterField, { n: i + 1 })}
                      placeholder={p.field}
                      options={fields.map((f) => ({ value: f.name, label: <FieldName field={f} /> }))}
                    />
                  </Form.Item>
                  <Form.Item name={[row.name, 'values']} style={{ width: 340, marginBottom: 8 }}>
                    <Select
                      mode="tags"
                      open={false}
                      suffixIcon={null}
                      aria-label={fmt(p.rowFilterValues, { n: i + 1 })}
                      placeholder={p.values}
                    />
                  </Form.Item>
                  <Button icon={<DeleteOutlined />} aria-label={fmt(p.removeRowFilter, { n: i + 1 })} onClick={() => remove(row.name)} />
                </Space>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ values: [] })} style={{ marginBottom: 16 }}>
                {p.addRowFilter}
              </Button>
            </>
          )}
        </Form.List>
        <Form.Item
          name="reason"
          label={t.decision.opinion}
          rules={[{ required: true, whitespace: true, message: fmt(t.required, { field: t.decision.opinion }) }]}
        >
          <Input.TextArea data-testid="sharing-approve-reason" rows={2} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
