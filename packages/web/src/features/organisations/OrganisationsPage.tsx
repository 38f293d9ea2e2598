import { Alert, Card, Input, Table, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useOrganisations, useProvinces } from '../../api/reference';
import type { Organisation } from '../../api/types';
import { fmt, useI18n } from '../../i18n';

export function OrganisationsPage() {
  const { t, m } = useI18n();
  const organisations = useOrganisations();
  const provinces = useProvinces();
  const [search, setSearch] = useState('');
  const provinceName = useMemo(() => new Map((provinces.data?.items ?? []).map((p) => [p.code, p.name])), [provinces.data]);
  const rows = useMemo(() => {
    const q = search.trim();
    const items = organisations.data?.items ?? [];
    return q ? items.filter((o) => o.name.includes(q) || o.code.toLowerCase().includes(q.toLowerCase())) : items;
  }, [organisations.data, search]);

  const columns: TableColumnsType<Organisation> = [
    { title: t.org.code, dataIndex: 'code', width: 180 },
    { title: t.org.name, dataIndex: 'name' },
    {
      title: t.org.type,
      dataIndex: 'type',
      render: (type: Organisation['type']) => m.orgType[type],
      filters: Object.entries(m.orgType).map(([value, text]) => ({ value, text })),
      onFilter: (value, o) => o.type === value,
    },
    {
      title: t.org.province,
      dataIndex: 'provinceCode',
      render: (code: string | null) => (code ? (provinceName.get(code) ?? code) : '—'),
    },
  ];

  return (
    <Card
      title={t.org.title}
      extra={
        <Input.Search
          allowClear
          placeholder={t.filters.search}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          style={{ width: 220 }}
        />
      }
    >
      {organisations.error && <Alert type="error" showIcon title={organisations.error.message} />}
      <div data-testid="organisation-table">
        <Table<Organisation>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={rows}
          loading={organisations.isPending}
          pagination={{ defaultPageSize: 20, showTotal: (total) => fmt(t.pilot.total, { total }) }}
        />
      </div>
    </Card>
  );
}
