import { ORGANISATION_TYPES, type OrganisationType } from '@smartcity/domain';
import { Alert, Card, Input, Select, Space, Table, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useOrganisations, useProvinces } from '../../api/reference';
import type { Organisation } from '../../api/types';
import { fmt, useI18n } from '../../i18n';
import { Zh, zh } from '../../components/Zh';
import { sortBy, useTableOrder } from '../../components/sorting';
import { emptyLocale } from '../../components/EmptyState';
import { ExportButtons } from '../../components/ExportButtons';

export function OrganisationsPage() {
  const { t, m } = useI18n();
  const order = useTableOrder<Organisation>();
  const organisations = useOrganisations();
  const provinces = useProvinces();
  const [search, setSearch] = useState('');
  const [type, setType] = useState<OrganisationType>();
  const provinceName = useMemo(() => new Map((provinces.data?.items ?? []).map((p) => [p.code, p.name])), [provinces.data]);
  const rows = useMemo(() => {
    const q = search.trim().toLowerCase();
    return (organisations.data?.items ?? []).filter(
      (o) => (!type || o.type === type) && (!q || o.name.toLowerCase().includes(q) || o.code.toLowerCase().includes(q)),
    );
  }, [organisations.data, search, type]);

  const columns: TableColumnsType<Organisation> = [
    { title: t.org.code, dataIndex: 'code', width: 180, ...sortBy((o) => o.code) },
    { title: t.org.name, dataIndex: 'name', render: zh, ...sortBy((o) => o.name) },
    {
      title: t.org.type,
      dataIndex: 'type',
      render: (type: Organisation['type']) => m.orgType[type],
      ...sortBy((o) => m.orgType[o.type]),
    },
    {
      title: t.org.province,
      key: 'province',
      dataIndex: 'provinceCode',
      ...sortBy((o) => o.provinceCode),
      render: (code: string | null) => (code ? <Zh>{provinceName.get(code) ?? code}</Zh> : '—'),
    },
  ];

  return (
    <Card
      title={t.org.title}
      extra={
        <Space wrap>
          <Select<OrganisationType>
            allowClear
            aria-label={t.org.type}
            placeholder={t.org.type}
            style={{ width: 160 }}
            value={type}
            onChange={setType}
            options={ORGANISATION_TYPES.map((x) => ({ value: x, label: m.orgType[x] }))}
          />
          <Input.Search
            allowClear
            placeholder={t.filters.search}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            style={{ width: 220 }}
          />
          {/* the export is the list as filtered here: the server applies the same type and name-or-code search */}
          <ExportButtons list="/api/organisations" query={{ sort: order.sort, type, q: search.trim() || undefined }} />
        </Space>
      }
    >
      {organisations.error && <Alert type="error" showIcon title={organisations.error.message} />}
      <div data-testid="organisation-table">
        <Table<Organisation>
          onChange={order.onChange}
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={rows}
          loading={organisations.isPending}
          locale={emptyLocale(t.empty.organisations)}
          pagination={{ defaultPageSize: 20, showTotal: (total) => fmt(t.pilot.total, { total }) }}
        />
      </div>
    </Card>
  );
}
