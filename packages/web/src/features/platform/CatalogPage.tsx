import { RESOURCE_STATUSES, type SharingClass, type UpdateCycle } from '@smartcity/domain';
import { Alert, Card, Space, Table, type TableColumnsType } from 'antd';
import { Link } from 'react-router';
import { useDepartments, useResources, type ResourceSummary } from '../../api/platform';
import { useSession } from '../../api/session';
import { statusColumn } from '../../components/columns';
import { emptyLocale } from '../../components/EmptyState';
import { sortBy } from '../../components/sorting';
import { Zh } from '../../components/Zh';
import { fmt, useI18n } from '../../i18n';
import { platformAbilities } from './abilities';
import { CatalogFilters } from './CatalogFilters';
import { FreshnessTag, SharingClassTag } from './PlatformTags';
import { ResourceForm } from './ResourceForm';
import { useResourceFilters } from './useResourceFilters';
import { PageHeading } from '../../components/PageHeading';

/**
 * 信息资源目录: the resources of the city platforms in view, filtered by provider, class, status, freshness, theme and a
 * search; a department's editors list a new one here (新建资源).
 */
export function CatalogPage() {
  const { t, m } = useI18n();
  const p = t.platform;
  const session = useSession().data;
  const can = platformAbilities(session);
  const { filters, setFilter } = useResourceFilters();
  const list = useResources(filters);
  const departments = useDepartments();
  const manyCities = new Set(departments.data?.items.map((d) => d.pilot.id)).size > 1;

  const columns: TableColumnsType<ResourceSummary> = [
    {
      title: p.code,
      dataIndex: 'code',
      render: (code: string, r) => (
        <Link to={`/app/platform/resources/${r.id}`} data-testid="resource-link">
          {code}
        </Link>
      ),
      ...sortBy<ResourceSummary>((r) => r.code),
    },
    { title: p.name, dataIndex: 'name', render: (name: string) => <Zh>{name}</Zh>, ...sortBy<ResourceSummary>((r) => r.name) },
    {
      title: p.provider,
      key: 'provider',
      render: (_, r) => <Zh>{manyCities ? `${r.pilot.name} · ${r.provider.name}` : r.provider.name}</Zh>,
      ...sortBy<ResourceSummary>((r) => r.provider.name),
    },
    {
      title: p.sharingClass,
      dataIndex: 'sharingClass',
      render: (c: SharingClass) => <SharingClassTag value={c} />,
      ...sortBy<ResourceSummary>((r) => r.sharingClass),
    },
    { title: p.updateCycle, dataIndex: 'updateCycle', render: (c: UpdateCycle) => m.platform.updateCycle[c] },
    statusColumn<ResourceSummary>(t.filters.status, 'resourceStatus', RESOURCE_STATUSES),
    { title: p.freshness, key: 'freshness', render: (_, r) => <FreshnessTag r={r} />, ...sortBy<ResourceSummary>((r) => Number(r.stale)) },
    { title: p.rows, dataIndex: 'rowCount', align: 'right', ...sortBy<ResourceSummary>((r) => r.rowCount) },
  ];

  return (
    <Card title={<PageHeading>{p.catalog}</PageHeading>} extra={<Space wrap>{can.listResource && <ResourceForm />}</Space>}>
      <CatalogFilters filters={filters} setFilter={setFilter} departments={departments.data?.items ?? []} manyCities={manyCities} />
      {list.error && <Alert type="error" showIcon title={list.error.message} />}
      <div data-testid="resource-table" aria-busy={list.isFetching}>
        <Table<ResourceSummary>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.items}
          loading={list.isFetching}
          locale={emptyLocale(can.listResource ? p.emptyCatalogEditor : p.emptyCatalog)}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (total) => fmt(p.total, { total }) }}
        />
      </div>
    </Card>
  );
}
