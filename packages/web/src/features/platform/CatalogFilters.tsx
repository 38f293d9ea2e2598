import { RESOURCE_STATUSES, SHARING_CLASSES } from '@smartcity/domain';
import { Select, Space } from 'antd';
import type { Department, ResourceFilters } from '../../api/platform';
import { TypedFilter } from '../../components/TypedFilter';
import { Zh } from '../../components/Zh';
import { useI18n } from '../../i18n';

interface Props {
  filters: ResourceFilters;
  setFilter: <K extends keyof ResourceFilters>(key: K, value: ResourceFilters[K] | null | undefined) => void;
  departments: Department[];
  /** the departments of several cities (the Ministry, a province): each named with its city */
  manyCities: boolean;
}

/** 目录筛选: provider department, sharing class, status, freshness, theme and a name-or-code search. */
export function CatalogFilters({ filters, setFilter, departments, manyCities }: Props) {
  const { t, m } = useI18n();
  const p = t.platform;
  // the filters that take one of a few values: `filter-<key>`
  const choices = [
    { key: 'sharingClass', label: p.sharingClass, options: SHARING_CLASSES.map((c) => ({ value: c, label: m.platform.sharingClass[c] })) },
    { key: 'status', label: t.filters.status, options: RESOURCE_STATUSES.map((s) => ({ value: s, label: m.resourceStatus[s] })) },
    {
      key: 'stale',
      label: p.freshness,
      options: [
        { value: 'true', label: p.stale },
        { value: 'false', label: p.fresh },
      ],
    },
  ] as const;
  return (
    <Space wrap style={{ marginBottom: 16 }}>
      <Select
        allowClear
        style={{ width: 220 }}
        data-testid="filter-provider"
        aria-label={p.provider}
        placeholder={p.provider}
        showSearch={{ optionFilterProp: 'search' }}
        value={filters.provider}
        onChange={(v?: string) => setFilter('provider', v)}
        options={departments.map((d) => {
          const name = manyCities ? `${d.pilot.name} · ${d.name}` : d.name;
          return { value: d.id, label: <Zh>{name}</Zh>, search: name };
        })}
      />
      {choices.map(({ key, label, options }) => (
        <Select
          key={key}
          allowClear
          style={{ width: 170 }}
          data-testid={`filter-${key}`}
          aria-label={label}
          placeholder={label}
          value={filters[key]}
          onChange={(v?: string) => setFilter(key, v as never)}
          options={[...options]}
        />
      ))}
      <TypedFilter value={filters.theme} onChange={(v) => setFilter('theme', v)} label={p.theme} testId="filter-theme" width={150} />
      <TypedFilter value={filters.q} onChange={(v) => setFilter('q', v)} label={p.search} testId="filter-search" width={220} />
    </Space>
  );
}
