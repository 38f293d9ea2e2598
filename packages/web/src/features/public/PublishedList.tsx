import { Typography } from 'antd';
import { Fragment } from 'react';
import { Link } from 'react-router';
import type { PublicPilotList } from '../../api/types';
import { Named } from '../../components/Zh';
import { fmt, useI18n } from '../../i18n';

/** 附件1 as the notice publishes it: each province heading, then its pilots joined with 、. */
export function PublishedList({ list, highlighted }: { list: PublicPilotList; highlighted: string | null }) {
  const { t } = useI18n();
  const { batch } = list;
  return (
    <div data-testid="public-list" data-batch={batch.year}>
      <Typography.Title level={1} style={{ textAlign: 'center', fontSize: 24 }}>
        <Named text={fmt(t.publicListTitle, { title: batch.title })} names={[batch.title]} />
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
        <Named text={fmt(t.publicDocument, { documentNo: batch.documentNo, date: batch.announcedOn })} names={[batch.documentNo]} />
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
          <Typography.Text strong lang="zh-CN">
            {p.heading}
          </Typography.Text>
          {/* each name opens the pilot's public page; the separators are the notice's */}
          <div lang="zh-CN">
            {p.pilots.map((pilot, i) => (
              <Fragment key={pilot.id}>
                {i > 0 && '、'}
                <Link to={`/public/pilots/${pilot.id}`}>{pilot.publishedName}</Link>
              </Fragment>
            ))}
          </div>
        </div>
      ))}
      <Typography.Paragraph strong style={{ padding: '8px 12px' }}>
        {fmt(t.publicTotal, { total: list.total })}
      </Typography.Paragraph>
    </div>
  );
}
