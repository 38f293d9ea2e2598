import type { FieldDef } from '@smartcity/domain';
import { Alert, Card, Space, Table, Tag, Tooltip } from 'antd';
import { useRecordSample } from '../../api/platform';
import { emptyLocale } from '../../components/EmptyState';
import { Zh } from '../../components/Zh';
import { fmt, useI18n } from '../../i18n';

/** A record value as text: a point as "lon, lat", a boolean as 是 / 否, nothing as —. */
export function useValueText() {
  const { t } = useI18n();
  return (v: unknown): string =>
    v === null || v === undefined
      ? '—'
      : Array.isArray(v)
        ? v.join(', ')
        : typeof v === 'boolean'
          ? v
            ? t.platform.yes
            : t.platform.no
          : String(v);
}

/**
 * 数据样例: the first rows the reader may read, through the same query API as any consumer (so a consumer sees only its
 * granted fields); a personal field the reader's grant does not name is shown masked and marked so in its header.
 */
export function SampleRows({ resourceId, fields }: { resourceId: string; fields: FieldDef[] }) {
  const { t } = useI18n();
  const p = t.platform;
  const sample = useRecordSample(resourceId, true);
  const text = useValueText();
  const page = sample.data;
  const labelOf = (name: string) => fields.find((f) => f.name === name)?.label ?? name;
  return (
    <Card title={p.sample} style={{ marginBottom: 24 }} data-testid="resource-sample">
      {sample.error && <Alert type="error" showIcon title={sample.error.message} />}
      {page && page.masked.length > 0 && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={fmt(p.maskedNote, { fields: page.masked.map(labelOf).join('、') })}
        />
      )}
      <Table<Record<string, unknown>>
        size="small"
        rowKey={(_, i) => String(i)}
        loading={sample.isFetching}
        dataSource={page?.items}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={emptyLocale(p.emptySample, undefined, true)}
        columns={(page?.fields ?? []).map((name) => ({
          key: name,
          dataIndex: name,
          title: (
            <Space size={4}>
              <Zh>{labelOf(name)}</Zh>
              {page?.masked.includes(name) && (
                <Tooltip title={p.maskedHelp}>
                  <Tag data-testid={`masked-${name}`}>{p.masked}</Tag>
                </Tooltip>
              )}
            </Space>
          ),
          render: (v: unknown) => <Zh>{text(v)}</Zh>,
        }))}
      />
    </Card>
  );
}
