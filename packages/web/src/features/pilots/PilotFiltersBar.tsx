import { SearchOutlined } from '@ant-design/icons';
import { PILOT_KINDS, PILOT_STATUSES } from '@smartcity/domain';
import { Input, Select, Space } from 'antd';
import { useEffect, useState } from 'react';
import { useProvinces } from '../../api/reference';
import type { PilotFilters } from '../../api/types';
import { fmt, useI18n } from '../../i18n';

const BATCHES = [2012];
const SEARCH_DELAY_MS = 400;

interface Props {
  filters: PilotFilters;
  setFilter: <K extends keyof PilotFilters>(key: K, value: PilotFilters[K] | null) => void;
}

export function PilotFiltersBar({ filters, setFilter }: Props) {
  const { t, m } = useI18n();
  const provinces = useProvinces();
  const [search, setSearch] = useState(filters.q ?? '');

  // Follow the URL (back/forward), and apply typing after a short pause.
  useEffect(() => setSearch(filters.q ?? ''), [filters.q]);
  useEffect(() => {
    const q = search.trim();
    if (q === (filters.q ?? '')) return;
    const timer = setTimeout(() => setFilter('q', q), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [search, filters.q, setFilter]);

  const select = { allowClear: true, style: { width: 180 } } as const;
  return (
    <Space wrap>
      <Select
        {...select}
        data-testid="filter-province"
        placeholder={t.filters.province}
        showSearch={{ optionFilterProp: 'label' }}
        virtual={false}
        loading={provinces.isPending}
        value={filters.province}
        onChange={(v?: string) => setFilter('province', v)}
        options={provinces.data?.items.filter((p) => p.mainland).map((p) => ({ value: p.code, label: p.name }))}
      />
      <Select
        {...select}
        data-testid="filter-batch"
        placeholder={t.filters.batch}
        value={filters.batch}
        onChange={(v?: number) => setFilter('batch', v)}
        options={BATCHES.map((year) => ({ value: year, label: fmt(t.filters.batchLabel, { year }) }))}
      />
      <Select
        {...select}
        data-testid="filter-kind"
        placeholder={t.filters.kind}
        value={filters.kind}
        onChange={(v?: PilotFilters['kind']) => setFilter('kind', v)}
        options={PILOT_KINDS.map((k) => ({ value: k, label: m.pilotKind[k] }))}
      />
      <Select
        {...select}
        data-testid="filter-status"
        placeholder={t.filters.status}
        value={filters.status}
        onChange={(v?: PilotFilters['status']) => setFilter('status', v)}
        options={PILOT_STATUSES.map((s) => ({ value: s, label: m.pilotStatus[s] }))}
      />
      <Input
        data-testid="filter-search"
        placeholder={t.filters.search}
        prefix={<SearchOutlined />}
        allowClear
        style={{ width: 220 }}
        value={search}
        onChange={(e) => setSearch(e.target.value)}
        onPressEnter={() => setFilter('q', search.trim())}
      />
    </Space>
  );
}
