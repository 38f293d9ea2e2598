import { PlusOutlined } from '@ant-design/icons';
import { App, Badge, Button, Card, Form, Input, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useDeliveries, useSubscribe, useSubscriptionAction, useSubscriptions, type Delivery, type Subscription } from '../../api/platform';
import { timeColumn } from '../../components/columns';
import { emptyLocale } from '../../components/EmptyState';
import { FormDialog } from '../../components/FormDialog';
import { ShownOnce } from '../../components/ShownOnce';
import type { SubscriptionAction } from '@smartcity/domain';
import { fmt, useI18n } from '../../i18n';
import type { UiMessages } from '../../i18n/zh-CN';

/**
 * 变更订阅: the reader's department subscribes its systems' webhooks to the resource's changes (the secret shown once),
 * follows each delivery (status, attempts, the endpoint's answer, latency), and pauses, resumes or cancels. A paused
 * subscription — by hand, or after repeated failures — keeps its missed changes until it resumes.
 */
const LABELS: Record<SubscriptionAction, (p: UiMessages['platform']) => string> = {
  pause: (p) => p.pause,
  resume: (p) => p.resume,
  cancel: (p) => p.unsubscribe,
};

export function SubscriptionsCard({ resourceId }: { resourceId: string }) {
  const { t } = useI18n();
  const p = t.platform;
  const { message } = App.useApp();
  const all = useSubscriptions();
  const act = useSubscriptionAction();
  const [secret, setSecret] = useState<string | null>(null);
  const mine = all.data?.items.filter((s) => s.resource.id === resourceId) ?? [];
  const run = (s: Subscription, action: SubscriptionAction) =>
    act.mutate({ id: s.id, action }, { onError: (err) => void message.error(err.message) });
  const columns: TableColumnsType<Subscription> = [
    { title: p.webhookUrl, dataIndex: 'url', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
    {
      title: t.filters.status,
      key: 'status',
      render: (_, s) => (
        <Badge
          data-testid="subscription-status"
          status={s.status === 'active' ? 'success' : 'warning'}
          text={
            s.status === 'active'
              ? p.subscriptionActive
              : s.failures > 0
                ? fmt(p.subscriptionPausedFailing, { n: s.failures })
                : p.subscriptionPaused
          }
        />
      ),
    },
    { title: p.pendingDeliveries, dataIndex: 'pending' },
    timeColumn<Subscription>(p.createdAt, 'createdAt'),
    {
      title: p.actions,
      key: 'actions',
      // the buttons are the lifecycle's actions the server offers for the subscription's state
      render: (_, s) => (
        <Space>
          {s.actions.map((a) => (
            <Button
              key={a.action}
              size="small"
              type={a.action === 'resume' ? 'primary' : 'default'}
              danger={a.kind === 'reject'}
              disabled={!a.enabled}
              data-testid={`subscription-${a.action}`}
              onClick={() => run(s, a.action as SubscriptionAction)}
            >
              {LABELS[a.action as SubscriptionAction](p)}
            </Button>
          ))}
        </Space>
      ),
    },
  ];
  return (
    <Card title={p.subscriptions} style={{ marginBottom: 24 }} extra={<Subscribe resourceId={resourceId} onCreated={setSecret} />}>
      <Typography.Paragraph type="secondary">{p.subscriptionsHelp}</Typography.Paragraph>
      <Table<Subscription>
        data-testid="subscription-table"
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={mine}
        loading={all.isPending}
        locale={emptyLocale(p.noSubscriptions)}
        pagination={false}
        expandable={{ expandedRowRender: (s) => <Deliveries id={s.id} />, expandRowByClick: true }}
      />
      <ShownOnce value={secret} title={p.subscribed} usage={p.secretUsage} testId="subscription-secret" onClose={() => setSecret(null)} />
    </Card>
  );
}

function Subscribe({ resourceId, onCreated }: { resourceId: string; onCreated: (secret: string) => void }) {
  const { t } = useI18n();
  const p = t.platform;
  const { message } = App.useApp();
  const [form] = Form.useForm<{ url: string }>();
  const subscribe = useSubscribe(resourceId);
  return (
    <FormDialog<{ url: string }>
      form={form}
      title={p.subscribe}
      okText={p.subscribe}
      okTestId="subscribe-ok"
      width={560}
      pending={subscribe.isPending}
      trigger={(open) => (
        <Button icon={<PlusOutlined />} data-testid="subscribe" onClick={open}>
          {p.subscribe}
        </Button>
      )}
      onFinish={(values, close) =>
        subscribe.mutate(
          { url: values.url.trim() },
          {
            onSuccess: (s) => {
              close();
              onCreated(s.secret);
            },
            onError: (err) => void message.error(err.message),
          },
        )
      }
    >
      <Form.Item
        name="url"
        label={p.webhookUrl}
        extra={p.webhookUrlHelp}
        rules={[{ required: true, type: 'url', message: p.issues.webhook_url }]}
      >
        <Input data-testid="subscribe-url" placeholder="https://" maxLength={2000} />
      </Form.Item>
    </FormDialog>
  );
}

/** A subscription's delivery history, newest first. */
function Deliveries({ id }: { id: string }) {
  const { t } = useI18n();
  const p = t.platform;
  const history = useDeliveries(id);
  const columns: TableColumnsType<Delivery> = [
    timeColumn<Delivery>(p.changedAt, 'createdAt'),
    { title: p.changeKind, dataIndex: 'kind', render: (k: Delivery['kind']) => (k === 'load' ? p.changeLoad : p.changeWrite) },
    { title: p.keysChanged, dataIndex: 'keyCount' },
    {
      title: t.filters.status,
      key: 'status',
      render: (_, d) => (
        <Badge
          status={d.status === 'delivered' ? 'success' : 'processing'}
          text={d.status === 'delivered' ? p.delivered : p.deliveryPending}
        />
      ),
    },
    { title: p.attempts, dataIndex: 'attempts' },
    { title: p.lastAnswer, key: 'answer', render: (_, d) => d.lastError ?? d.lastStatus ?? '—' },
    { title: p.latency, dataIndex: 'latencyMs', render: (v: number | null) => (v === null ? '—' : `${Math.round(v)} ms`) },
  ];
  return (
    <Table<Delivery>
      data-testid="delivery-table"
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={history.data?.items}
      loading={history.isPending}
      pagination={{ pageSize: 10, hideOnSinglePage: true }}
    />
  );
}
