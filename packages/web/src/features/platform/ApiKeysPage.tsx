import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Badge, Button, Card, Form, Input, Select, Table, Typography, type TableColumnsType } from 'antd';
import { useQueries } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import {
  resourceQuery,
  useApiKeys,
  useCreateApiKey,
  useResources,
  useRevokeApiKey,
  type ApiKey,
  type ApiKeyCreated,
} from '../../api/platform';
import { timeColumn } from '../../components/columns';
import { DateField } from '../../components/DateField';
import { emptyLocale } from '../../components/EmptyState';
import { FormDialog } from '../../components/FormDialog';
import { sortBy } from '../../components/sorting';
import { beijingTime } from '../../components/time';
import { Zh } from '../../components/Zh';
import { fmt, useI18n } from '../../i18n';
import { PageHeading } from '../../components/PageHeading';
import { ShownOnce } from '../../components/ShownOnce';

/**
 * API 密钥: a department's administrators issue keys for its systems — a name, the resources it reads (those the
 * department may read now), an expiry — shown once on creation; and revoke them (effective on the key's next call).
 */
export function ApiKeysPage() {
  const { t } = useI18n();
  const p = t.platform;
  const { message, modal } = App.useApp();
  const keys = useApiKeys();
  const catalog = useResources({});
  const revoke = useRevokeApiKey();
  const [created, setCreated] = useState<ApiKeyCreated | null>(null);
  const names = useMemo(() => new Map(catalog.data?.items.map((r) => [r.id, r.name])), [catalog.data]);
  const confirmRevoke = (k: ApiKey) =>
    modal.confirm({
      title: fmt(p.revokeKeyQuestion, { name: k.name }),
      content: p.revokeKeyEffect,
      okText: p.revokeKey,
      okButtonProps: { danger: true, 'data-testid': 'api-key-revoke-confirm' },
      cancelText: t.cancel,
      onOk: () => revoke.mutateAsync(k.id).catch((err: Error) => void message.error(err.message)),
    });

  const columns: TableColumnsType<ApiKey> = [
    { title: p.keyName, dataIndex: 'name', render: (v: string) => <Zh>{v}</Zh>, ...sortBy<ApiKey>((k) => k.name) },
    { title: p.keyPrefix, dataIndex: 'prefix', render: (v: string) => <Typography.Text code>{v}…</Typography.Text> },
    {
      title: p.keyResources,
      dataIndex: 'resourceIds',
      render: (ids: string[]) => <Zh>{ids.map((id) => names.get(id) ?? id).join('、')}</Zh>,
    },
    { title: p.expiresOn, dataIndex: 'expiresOn', ...sortBy<ApiKey>((k) => k.expiresOn) },
    { title: p.lastUsedAt, dataIndex: 'lastUsedAt', render: (v: string | null) => (v ? beijingTime(v) : p.neverUsed) },
    timeColumn<ApiKey>(p.createdAt, 'createdAt'),
    {
      title: t.filters.status,
      key: 'status',
      // a dot and plain text: coloured tag text falls below AA contrast
      render: (_, k) => <Badge status={k.revokedAt ? 'default' : 'success'} text={k.revokedAt ? p.keyRevoked : p.keyActive} />,
    },
    {
      title: p.actions,
      key: 'actions',
      render: (_, k) =>
        !k.revokedAt && (
          <Button size="small" danger data-testid="api-key-revoke" onClick={() => confirmRevoke(k)}>
            {p.revokeKey}
          </Button>
        ),
    },
  ];
  return (
    <Card title={<PageHeading>{p.apiKeys}</PageHeading>} extra={<CreateApiKey onCreated={setCreated} />}>
      <Typography.Paragraph type="secondary">{p.apiKeysHelp}</Typography.Paragraph>
      {keys.error && <Alert type="error" showIcon title={keys.error.message} />}
      <Table<ApiKey>
        data-testid="api-key-table"
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={keys.data?.items}
        loading={keys.isFetching}
        locale={emptyLocale(p.emptyApiKeys)}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
      />
      <ShownOnce
        value={created?.token ?? null}
        title={p.keyCreated}
        usage={p.keyUsage}
        testId="api-key-token"
        onClose={() => setCreated(null)}
      />
    </Card>
  );
}

interface Values {
  name: string;
  resourceIds: string[];
  expiresOn: string;
}

/** 创建密钥: the resources offered are those the department may read now (each one's own `access.read`, as the server says). */
function CreateApiKey({ onCreated }: { onCreated: (k: ApiKeyCreated) => void }) {
  const { t } = useI18n();
  const p = t.platform;
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [open, setOpen] = useState(false);
  const create = useCreateApiKey();
  const catalog = useResources({ status: 'published' });
  // the list does not say what the reader may read (that takes each one's grants): each resource's page does
  const details = useQueries({
    queries: (open ? (catalog.data?.items ?? []) : []).map((r) => resourceQuery(r.id)),
  });
  const readable = details.flatMap((q) => (q.data?.access.read ? [q.data] : []));
  const loading = catalog.isPending || details.some((q) => q.isPending);
  return (
    <FormDialog<Values>
      form={form}
      title={p.newKey}
      okText={p.createKey}
      okTestId="api-key-create"
      width={640}
      pending={create.isPending}
      initialValues={{ resourceIds: [] }}
      trigger={(openDialog) => (
        <Button
          type="primary"
          icon={<PlusOutlined />}
          data-testid="api-key-new"
          onClick={() => {
            setOpen(true);
            openDialog();
          }}
        >
          {p.newKey}
        </Button>
      )}
      onFinish={(values, close) =>
        create.mutate(
          { ...values, name: values.name.trim() },
          {
            onSuccess: (k) => {
              close();
              setOpen(false);
              onCreated(k);
            },
            onError: (err) => void message.error(err.message),
          },
        )
      }
    >
      <Form.Item
        name="name"
        label={p.keyName}
        extra={p.keyNameHelp}
        rules={[{ required: true, whitespace: true, message: fmt(t.required, { field: p.keyName }) }]}
      >
        <Input lang="zh-CN" data-testid="api-key-name" maxLength={64} />
      </Form.Item>
      <Form.Item
        name="resourceIds"
        label={p.keyResources}
        extra={p.keyResourcesHelp}
        rules={[{ required: true, type: 'array', min: 1, message: fmt(t.required, { field: p.keyResources }) }]}
      >
        <Select
          mode="multiple"
          data-testid="api-key-resources"
          loading={loading}
          showSearch={{ optionFilterProp: 'search' }}
          options={readable.map((r) => ({
            value: r.id,
            label: <Zh>{`${r.name}（${r.provider.name}）`}</Zh>,
            search: `${r.name} ${r.code}`,
          }))}
          notFoundContent={loading ? p.loading : p.noReadable}
        />
      </Form.Item>
      <Form.Item name="expiresOn" label={p.expiresOn} rules={[{ required: true, message: fmt(t.required, { field: p.expiresOn }) }]}>
        <DateField testId="api-key-expires" />
      </Form.Item>
    </FormDialog>
  );
}
