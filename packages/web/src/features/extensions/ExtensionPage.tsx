import type { ButtonProps } from 'antd';
import { App, Button, Card, Descriptions, Form, Input, Modal, Result, Space, Spin, Tag } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { ExtensionView } from '@smartcity/domain';
import { useDecideExtension, useExtension } from '../../api/extensions';
import { DateField } from '../../components/DateField';
import { fmt, useI18n } from '../../i18n';
import { Zh } from '../../components/Zh';
import { PageTrail } from '../../components/PageTrail';
import { beijingDay } from '../../components/time';

/** 延期申请: what the pilot asked and why; the Ministry grants it (opinion, new deadline) or refuses it (reason). */
export function ExtensionPage() {
  const { t, m } = useI18n();
  const e = t.extension;
  const { id = '' } = useParams();
  const query = useExtension(id);
  const [deciding, setDeciding] = useState<'approve' | 'refuse' | null>(null);
  if (query.isPending) return <Spin size="large" />;
  if (query.error) return <Result status="warning" title={query.error.message} extra={<Link to="/app/todos">{t.todos.title}</Link>} />;
  const x = query.data;
  return (
    <>
      <PageTrail owner={{ name: <Zh>{x.pilot.name}</Zh>, to: `/app/pilots/${x.pilot.id}` }} />
      <Card
        data-testid="extension-page"
        title={
          <Space wrap>
            <h1 style={{ fontSize: 16, margin: 0 }}>{e.title}</h1>
            <Zh>{x.pilot.name}</Zh>
            <Tag data-testid="extension-status">{m.extensionStatus[x.status]}</Tag>
          </Space>
        }
        extra={
          <Space>
            {x.actions.map((a) => (
              <Button
                key={a.action}
                type={a.kind === 'approve' ? 'primary' : 'default'}
                danger={a.kind === 'reject'}
                disabled={!a.enabled}
                data-testid={`extension-${a.action}`}
                onClick={() => setDeciding(a.action as 'approve' | 'refuse')}
              >
                {m.extensionAction[a.action as 'approve' | 'refuse']}
              </Button>
            ))}
          </Space>
        }
      >
        <Descriptions
          bordered
          size="small"
          column={1}
          items={[
            {
              key: 'pilot',
              label: e.pilot,
              children: (
                <Link to={recordHref(x)}>
                  <Zh>{x.pilot.name}</Zh>
                </Link>
              ),
            },
            { key: 'subject', label: e.subject, children: fmt(m.deadlineOf[x.subject] ?? '', { year: x.year ?? '' }) },
            { key: 'deadline', label: e.deadline, children: x.deadline ?? '—' },
            { key: 'until', label: e.proposedUntil, children: x.proposedUntil },
            { key: 'reason', label: e.reason, children: x.reason },
            { key: 'by', label: e.requestedBy, children: `${x.requestedBy}，${beijingDay(x.requestedAt)}` },
            ...(x.decidedAt
              ? [
                  { key: 'granted', label: e.grantedUntil, children: x.grantedUntil ?? '—' },
                  {
                    key: 'opinion',
                    label: e.opinion,
                    children: `${x.decisionReason ?? ''}（${x.decidedBy ?? ''}，${beijingDay(x.decidedAt)}）`,
                  },
                ]
              : []),
          ]}
        />
        {deciding && <DecisionDialog extension={x} action={deciding} onClose={() => setDeciding(null)} />}
      </Card>
    </>
  );
}

/** The record whose deadline it moves: the task book, the report once started, else the pilot. */
const recordHref = (x: ExtensionView) =>
  x.taskBookId
    ? `/app/task-books/${x.taskBookId}`
    : x.annualReportId
      ? `/app/annual-reports/${x.annualReportId}`
      : `/app/pilots/${x.pilot.id}`;

function DecisionDialog({ extension, action, onClose }: { extension: ExtensionView; action: 'approve' | 'refuse'; onClose: () => void }) {
  const { t, m } = useI18n();
  const e = t.extension;
  const { message } = App.useApp();
  const decide = useDecideExtension(extension.id);
  const [form] = Form.useForm<{ reason: string; until?: string }>();
  const approving = action === 'approve';
  const label = approving ? e.opinion : e.refusal;
  return (
    <Modal
      open
      title={m.extensionAction[action]}
      okText={m.extensionAction[action]}
      cancelText={t.cancel}
      okButtonProps={{ danger: !approving, 'data-testid': 'extension-decide' } as ButtonProps}
      confirmLoading={decide.isPending}
      onCancel={onClose}
      onOk={() => form.submit()}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={approving ? { reason: e.agree, until: extension.proposedUntil } : {}}
        onFinish={(values) =>
          decide.mutate(
            { action, reason: values.reason.trim(), ...(approving ? { until: values.until } : {}) },
            {
              onSuccess: () => {
                onClose();
                void message.success(t.actionDone);
              },
              onError: (err) => void message.error(err.message),
            },
          )
        }
      >
        {approving && (
          <Form.Item name="until" label={e.grantedUntil} rules={[{ required: true, message: fmt(t.required, { field: e.grantedUntil }) }]}>
            <DateField testId="extension-decide-until" min={extension.deadline ?? undefined} />
          </Form.Item>
        )}
        <Form.Item name="reason" label={label} rules={[{ required: true, whitespace: true, message: fmt(t.required, { field: label }) }]}>
          <Input.TextArea data-testid="extension-decide-reason" rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
