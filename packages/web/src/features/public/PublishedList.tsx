import { Typography } from 'antd';
import type { PublicPilotList } from '../../api/types';
import { fmt, useI18n } from '../../i18n';

/** 附件1 as the notice publishes it: each province heading, then its pilots joined with 、. */
export function PublishedList({ list, highlighted }: { list: PublicPilotList; highlighted: string | null }) {
  const { t } = useI18n();
  const { batch } = list;
  return (
    <div data-testid="public-list">
      <Typography.Title level={3} style={{ textAlign: 'center' }}>
        {fmt(t.publicListTitle, { title: batch.title })}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
        {fmt(t.publicDocument, { documentNo: batch.documentNo, date: batch.announcedOn })}
      </Typography.Paragraph>
      {list.provinces.map((p) => (
        <div
          key={p.provinceCode}
          id={`province-${p.provinceCode}`}
          data-testid={`public-province-${p.provinceCode}`}
          data-highlighted={highlighted === p.provinceCode || undefined}
          style={{
            padding: '8px 12px',
            borderRadius: 6,
            transition: 'background 0.3s',
            background: highlighted === p.provinceCode ? '#fff1b8' : undefined,
          }}
        >
          <Typography.Text strong>{p.heading}</Typography.Text>
          <div>{p.pilots.map((pilot) => pilot.publishedName).join('、')}</div>
        </div>
      ))}
      <Typography.Paragraph strong style={{ padding: '8px 12px' }}>
        {fmt(t.publicTotal, { total: list.total })}
      </Typography.Paragraph>
    </div>
  );
}
