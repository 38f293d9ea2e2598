import { Button, Empty, Input, List, Result, Select, Space, Tag, Typography } from 'antd';
import { useAddress } from '../../components/useAddress';
import { useOpenData, type OpenDataset } from '../../api/openData';
import { fmt, useI18n } from '../../i18n';
import { beijingDay } from '../../components/time';
import { PublicShell } from './PublicShell';

const ROWS = 10;

/**
 * 开放数据: every pilot's open datasets, searched and filtered by department and theme, each downloadable as CSV, XLSX
 * or JSON; the same catalog CKAN clients read at /api/3/action (the page says where).
 */
export function OpenDataPage() {
  const { t } = useI18n();
  const { params, update } = useAddress();
  const text = params.get('q') ?? '';
  const organization = params.get('organization');
  const group = params.get('group');
  const dataset = params.get('dataset');
  const page = Number(params.get('page') ?? 1) || 1;
  const found = useOpenData({ text, organization, group, dataset, page, rows: ROWS });
  const set = (changes: Record<string, string | null>) => update(changes, { resetPage: true });
  const data = found.data;
  const api = `${window.location.origin}/api/3/action/package_search`;
  return (
    <PublicShell page={t.openData.title} testId="open-data">
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }}>
          {t.openData.title}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t.openData.intro}{' '}
          <Typography.Text code copyable={{ text: api }}>
            {'/api/3/action/package_search'}
          </Typography.Text>
        </Typography.Paragraph>
        <Space wrap style={{ width: '100%' }}>
          <Input.Search
            data-testid="open-data-search"
            aria-label={t.openData.search}
            placeholder={t.openData.search}
            defaultValue={text}
            allowClear
            onSearch={(v) => set({ q: v || null, dataset: null })}
            style={{ width: 280, maxWidth: '100%' }}
          />
          {(
            [
              ['organization', 'department', organization, 220],
              ['groups', 'theme', group, 180],
            ] as const
          ).map(([facet, label, value, width]) => (
            // a facet of the search: its values with their counts, as the API reports them
            <Select
              key={facet}
              data-testid={`open-data-${label}`}
              aria-label={t.openData[label]}
              placeholder={t.openData[label]}
              allowClear
              value={value ?? undefined}
              onChange={(v?: string) => set({ [facet === 'groups' ? 'group' : facet]: v ?? null })}
              options={(data?.search_facets[facet].items ?? []).map((i) => ({
                value: i.name,
                label: fmt(t.openData.facetItem, { name: i.display_name, n: i.count }),
              }))}
              style={{ width, maxWidth: '100%' }}
            />
          ))}
          {dataset && <Button onClick={() => set({ dataset: null })}>{t.openData.all}</Button>}
        </Space>
        {found.error && <Result status="error" title={found.error.message} />}
        <List<OpenDataset>
          data-testid="open-data-list"
          loading={found.isPending}
          aria-busy={found.isPlaceholderData}
          dataSource={data?.results ?? []}
          locale={{ emptyText: <Empty description={t.openData.empty} /> }}
          header={data && fmt(t.openData.total, { n: data.count })}
          pagination={
            data && data.count > ROWS
              ? { current: page, pageSize: ROWS, total: data.count, showSizeChanger: false, onChange: (p) => set({ page: String(p) }) }
              : false
          }
          renderItem={(ds) => <DatasetItem ds={ds} />}
        />
      </Space>
    </PublicShell>
  );
}

function DatasetItem({ ds }: { ds: OpenDataset }) {
  const { t } = useI18n();
  const extra = (key: string) => ds.extras.find((e) => e.key === key)?.value ?? '';
  const url = ds.resources[0]?.url ?? '';
  const download = (format: 'csv' | 'xlsx' | 'json') => url.replace(/format=csv$/, `format=${format}`);
  return (
    <List.Item
      data-testid={`open-dataset-${ds.name}`}
      actions={(['csv', 'xlsx', 'json'] as const).map((f) => (
        <a key={f} href={download(f)} download aria-label={fmt(t.openData.download, { name: ds.title, format: f.toUpperCase() })}>
          {f.toUpperCase()}
        </a>
      ))}
    >
      <List.Item.Meta
        title={<h3 style={{ fontSize: 16, margin: 0 }}>{ds.title}</h3>}
        description={
          <Space direction="vertical" size={2}>
            <Typography.Text type="secondary">
              {extra('city')} · {ds.organization.title} · {fmt(t.openData.records, { n: extra('record_count') })} ·{' '}
              {fmt(t.openData.updated, { at: beijingDay(`${ds.metadata_modified}Z`) })}
            </Typography.Text>
            <Typography.Text>{ds.notes}</Typography.Text>
            <Space size={4} wrap>
              {ds.tags.map((tag) => (
                <Tag key={tag.name}>{tag.name}</Tag>
              ))}
              {/* its name at the CKAN API (package_show?id=…) */}
              <Typography.Text type="secondary" copyable>
                {ds.name}
              </Typography.Text>
            </Space>
          </Space>
        }
      />
    </List.Item>
  );
}
