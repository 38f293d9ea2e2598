import type { SharingClass } from '@smartcity/domain';
import { Tag, Tooltip } from 'antd';
import { beijingTime } from '../../components/time';
import { fmt, useI18n } from '../../i18n';

const CLASS_COLOURS: Record<SharingClass, string> = { unconditional: 'success', conditional: 'processing', none: 'default' };

/** 共享类型 as a tag: 无条件共享, 有条件共享, 不予共享. */
export function SharingClassTag({ value }: { value: SharingClass }) {
  const { m } = useI18n();
  return <Tag color={CLASS_COLOURS[value]}>{m.platform.sharingClass[value]}</Tag>;
}

/**
 * Whether a published resource's data is as fresh as its update cycle promises (the server's `stale`): 数据过期 when
 * never loaded or loaded too long ago, with the last load's time on hover; a draft or retired resource has none.
 */
export function FreshnessTag({ r }: { r: { status: string; stale: boolean; lastLoadAt: string | null } }) {
  const { t } = useI18n();
  const p = t.platform;
  if (r.status !== 'published') return <>—</>;
  const tag = (
    <Tag color={r.stale ? 'warning' : 'success'} data-testid="resource-freshness">
      {r.stale ? p.stale : p.fresh}
    </Tag>
  );
  return <Tooltip title={r.lastLoadAt ? fmt(p.lastLoadAt, { time: beijingTime(r.lastLoadAt) }) : p.neverLoaded}>{tag}</Tooltip>;
}
