import type { FieldDef, ResourceView } from '@smartcity/domain';
import { Alert, App, Card, Descriptions, Result, Space, Spin, Table, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { useResource, useResourceTransition } from '../../api/platform';
import { ActionBar } from '../../components/ActionBar';
import { PageTrail } from '../../components/PageTrail';
import { StateTag } from '../../components/StateTag';
import { beijingTime } from '../../components/time';
import { Zh } from '../../components/Zh';
import { useI18n } from '../../i18n';
import { LoadHistory, LoadPanel } from './LoadPanel';
import { FreshnessTag, SharingClassTag } from './PlatformTags';
import { RequestSharing } from './RequestSharing';
import { ResourceForm } from './ResourceForm';
import { SampleRows } from './SampleRows';
import { SubscriptionsCard } from './SubscriptionsCard';
import { UsageCard } from './UsageCard';
import { PageHeading } from '../../components/PageHeading';

/**
 * 信息资源: a resource's description and fields, its freshness and lifecycle buttons; the records the reader may read
 * (a sample); for the provider, loading files and their reports; for another department of a 有条件共享 resource, 申请共享;
 * and for everyone who sees it, when it was loaded and how much it is used.
 */
export function ResourcePage() {
  const { t } = useI18n();
  const p = t.platform;
  const { id = '' } = useParams();
  const query = useResource(id);
  if (query.isPending) return <Spin size="large" />;
  if (query.error)
    return <Result status="warning" title={query.error.message} extra={<Link to="/app/platform/resources">{p.catalog}</Link>} />;
  const r = query.data;
  return (
    <div data-testid="resource-page">
      <PageTrail name={r.name} />
      <Card
        style={{ marginBottom: 24 }}
        title={
          <Space wrap>
            <PageHeading>
              <Zh>{r.name}</Zh>
            </PageHeading>
            <StateTag labels="resourceStatus" status={r.status} testId="resource-status" />
            <SharingClassTag value={r.sharingClass} />
            <FreshnessTag r={r} />
          </Space>
        }
        extra={<ResourceActions r={r} />}
      >
        <ResourceDescription r={r} />
      </Card>
      <Card title={p.schema} style={{ marginBottom: 24 }}>
        <FieldsTable fields={r.fields} />
      </Card>
      {r.access.read ? (
        <SampleRows resourceId={r.id} fields={r.fields} />
      ) : (
        r.status === 'published' && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 24 }}
            data-testid="resource-no-read"
            title={r.sharingClass === 'none' ? p.notShared : r.access.request ? p.needGrant : p.noRecordAccess}
          />
        )
      )}
      {r.access.write && <LoadPanel resourceId={r.id} fields={r.fields} />}
      <LoadHistory resourceId={r.id} fields={r.fields} />
      {r.access.read && r.status === 'published' && <SubscriptionsCard resourceId={r.id} />}
      {r.status !== 'draft' && <UsageCard resourceId={r.id} />}
    </div>
  );
}

/** The lifecycle's buttons (发布, 停用 with a reason), 修改 for a draft's provider, 申请共享 for another department. */
function ResourceActions({ r }: { r: ResourceView }) {
  const { m } = useI18n();
  const { message } = App.useApp();
  const transition = useResourceTransition(r.id);
  return (
    <Space wrap>
      {r.status === 'draft' && r.access.write && <ResourceForm resource={r} />}
      {r.access.request && <RequestSharing resource={r} />}
      <ActionBar
        actions={r.actions}
        testIdPrefix="resource-action"
        label={(a) => (m.resourceAction as Record<string, string>)[a] ?? a}
        pendingAction={transition.isPending ? transition.variables?.action : undefined}
        fire={(body, done) => transition.mutate(body, { onSuccess: done, onError: (err) => void message.error(err.message) })}
      />
    </Space>
  );
}

function ResourceDescription({ r }: { r: ResourceView }) {
  const { t, m } = useI18n();
  const p = t.platform;
  const zh = (s: string) => <Zh>{s}</Zh>;
  return (
    <Descriptions
      bordered
      size="small"
      column={{ xs: 1, lg: 2 }}
      data-testid="resource-description"
      items={[
        { key: 'code', label: p.code, children: <span data-testid="resource-code">{r.code}</span> },
        { key: 'provider', label: p.provider, children: zh(r.provider.name) },
        { key: 'summary', label: p.form.summary, span: 2, children: <span style={{ whiteSpace: 'pre-wrap' }}>{zh(r.summary)}</span> },
        { key: 'themes', label: p.form.themes, children: r.themes.length ? r.themes.map((x) => <Tag key={x}>{zh(x)}</Tag>) : '—' },
        { key: 'format', label: p.form.format, children: zh(r.format) },
        { key: 'cycle', label: p.updateCycle, children: m.platform.updateCycle[r.updateCycle] },
        { key: 'method', label: p.form.sharingMethod, children: m.platform.sharingMethod[r.sharingMethod] },
        ...(r.condition ? [{ key: 'condition', label: p.form.condition, span: 2, children: zh(r.condition) }] : []),
        ...(r.legalBasis ? [{ key: 'legalBasis', label: p.form.legalBasis, span: 2, children: zh(r.legalBasis) }] : []),
        { key: 'openData', label: p.form.openData, children: r.openData ? p.yes : p.no },
        { key: 'indicators', label: p.form.indicatorCodes, children: r.indicatorCodes.join('、') || '—' },
        { key: 'released', label: p.releaseDate, children: r.releaseDate ?? '—' },
        { key: 'lastLoad', label: p.lastLoad, children: r.lastLoadAt ? beijingTime(r.lastLoadAt) : p.neverLoaded },
        { key: 'rows', label: p.rows, children: <span data-testid="resource-rows">{r.rowCount}</span> },
      ]}
    />
  );
}

/** 数据项: each field's name, 中文名, type and flags. */
function FieldsTable({ fields }: { fields: FieldDef[] }) {
  const { t, m } = useI18n();
  const p = t.platform;
  const flag = (on: boolean) => (on ? p.yes : '—');
  return (
    <Table<FieldDef>
      data-testid="resource-schema"
      size="small"
      rowKey="name"
      dataSource={fields}
      pagination={false}
      columns={[
        { title: p.fieldName, dataIndex: 'name', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
        { title: p.fieldLabel, dataIndex: 'label', render: (v: string) => <Zh>{v}</Zh> },
        { title: p.fieldType, dataIndex: 'type', render: (v: FieldDef['type']) => m.platform.fieldType[v] },
        { title: p.fieldFlag.key, dataIndex: 'key', render: flag },
        { title: p.fieldFlag.required, dataIndex: 'required', render: flag },
        { title: p.fieldFlag.personal, dataIndex: 'personal', render: flag },
        { title: p.fieldFlag.indexed, dataIndex: 'indexed', render: flag },
      ]}
    />
  );
}
