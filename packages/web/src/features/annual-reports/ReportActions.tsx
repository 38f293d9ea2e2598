import { annualReportLifecycle } from '@smartcity/domain';
import { Alert, App, Button, Form, Input, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { useAnnualReportTransition, type ReportTransitionBody } from '../../api/annualReports';
import type { ReportView } from '../../api/types';
import { useI18n } from '../../i18n';

const needsReason = (action: string) => Boolean((annualReportLifecycle.actions as Record<string, { needsReason?: boolean }>)[action]?.needsReason);

interface ReturnValues {
  reason?: string;
  items?: Record<string, string | undefined>;
}

/**
 * One button per action the server offers (report-action-<action>). A return asks for a general reason and/or
 * reasons per indicator or project; `beforeFire` saves unsaved edits first (a submit sends what is stored).
 */
export function ReportActions({ report, beforeFire }: { report: ReportView; beforeFire: () => Promise<boolean> }) {
  const { t, m } = useI18n();
  const { message } = App.useApp();
  const transition = useAnnualReportTransition(report.id);
  const [asking, setAsking] = useState<string | null>(null);
  const [hint, setHint] = useState(false);
  const [form] = Form.useForm<ReturnValues>();
  const label = (action: string) => (m.reportAction as Record<string, string>)[action] ?? action;
  const items = [
    ...report.content.indicators.map((i, k) => ({ id: i.id, name: `${m.indicatorCategory[i.category]} ${i.name}`, testId: `item-reason-ind-${k}` })),
    ...report.content.projects.map((p, k) => ({ id: p.id, name: `${t.report.project} ${p.name}`, testId: `item-reason-proj-${k}` })),
  ];

  const fire = async (body: ReportTransitionBody) => {
    if (!(await beforeFire())) return;
    transition.mutate(body, {
      onSuccess: () => {
        setAsking(null);
        form.resetFields();
        void message.success(t.actionDone);
      },
      onError: (err) => void message.error(err.message),
    });
  };

  const submitReturn = (values: ReturnValues) => {
    if (!asking) return;
    const reason = values.reason?.trim();
    const itemReasons = Object.entries(values.items ?? {})
      .map(([item, text]) => ({ item, text: (text ?? '').trim() }))
      .filter((r) => r.text);
    if (!reason && itemReasons.length === 0) return setHint(true);
    void fire({ action: asking, ...(reason ? { reason } : {}), ...(itemReasons.length ? { itemReasons } : {}) });
  };

  if (report.actions.length === 0) return null;
  return (
    <>
      <Space wrap>
        {report.actions.map((action) => (
          <Button
            key={action}
            data-testid={`report-action-${action}`}
            type={needsReason(action) ? 'default' : 'primary'}
            danger={needsReason(action)}
            loading={transition.isPending && transition.variables.action === action}
            onClick={() => {
              setHint(false);
              if (needsReason(action)) setAsking(action);
              else void fire({ action });
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
        destroyOnHidden
        footer={[
          <Button key="cancel" onClick={() => setAsking(null)}>
            {t.cancel}
          </Button>,
          <Button key="ok" data-testid="action-confirm" type="primary" danger loading={transition.isPending} onClick={() => form.submit()}>
            {t.confirm}
          </Button>,
        ]}
      >
        {hint && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={t.taskBook.returnHint} />}
        <Form form={form} layout="vertical" onFinish={submitReturn} onValuesChange={() => setHint(false)}>
          <Form.Item name="reason" label={t.taskBook.generalReason}>
            <Input.TextArea data-testid="action-reason" rows={3} maxLength={2000} />
          </Form.Item>
          <Typography.Text strong>{t.report.itemReasons}</Typography.Text>
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
