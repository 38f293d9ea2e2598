import { PILOT_KINDS, PILOT_STATUSES } from '@smartcity/domain';
import { Select, Space } from 'antd';
import { useBatches, useProvinces } from '../../api/reference';
import type { PilotFilters } from '../../api/types';
import { FactTags } from './FactTags';
import { fmt, useI18n } from '../../i18n';
import { TypedFilter } from '../../components/TypedFilter';
import { Zh } from '../../components/Zh';

interface Props {
  filters: PilotFilters;
  setFilter: <K extends keyof PilotFilters>(key: K, value: PilotFilters[K] | null) => void;
  setFilters: (changes: Partial<Record<keyof PilotFilters, null>>) => void;
}

export function PilotFiltersBar({ filters, setFilter, setFilters }: Props) {
  const { t, m } = useI18n();
  const provinces = useProvinces();
  const batches = useBatches();

  const select = { allowClear: true, style: { width: 180 } } as const;
  return (
    <Space wrap>
      <Select
        {...select}
        data-testid="filter-province"
        aria-label={t.filters.province}
        placeholder={t.filters.province}
        showSearch={{ optionFilterProp: 'search' }}
        virtual={false}
        loading={provinces.isPending}
        value={filters.province}
        onChange={(v?: string) => setFilter('province', v)}
        // province names are proper names: marked Chinese, searched by their text
        options={provinces.data?.items.filter((p) => p.mainland).map((p) => ({ value: p.code, label: <Zh>{p.name}</Zh>, search: p.name }))}
      />
      <Select
        {...select}
        data-testid="filter-batch"
        aria-label={t.filters.batch}
        placeholder={t.filters.batch}
        value={filters.batch}
        loading={batches.isPending}
        onChange={(v?: number) => setFilter('batch', v)}
        options={batches.data?.items.map(({ year }) => ({ value: year, label: fmt(t.filters.batchLabel, { year }) }))}
      />
      <Select
        {...select}
        data-testid="filter-kind"
        aria-label={t.filters.kind}
        placeholder={t.filters.kind}
        value={filters.kind}
        onChange={(v?: PilotFilters['kind']) => setFilter('kind', v)}
        options={PILOT_KINDS.map((k) => ({ value: k, label: m.pilotKind[k] }))}
      />
      <Select
        {...select}
        data-testid="filter-status"
        aria-label={t.filters.status}
        placeholder={t.filters.status}
        value={filters.status}
        onChange={(v?: PilotFilters['status']) => setFilter('status', v)}
        options={PILOT_STATUSES.map((s) => ({ value: s, label: m.pilotStatus[s] }))}
      />
      <TypedFilter value={filters.q} onChange={(q) => setFilter('q', q)} label={t.filters.search} testId="filter-search" width={220} />
      <FactTags filters={filters} clear={(keys) => setFilters(Object.fromEntries(keys.map((k) => [k, null])))} />
    </Space>
  );
}
