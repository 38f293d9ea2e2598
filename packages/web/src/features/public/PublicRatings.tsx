import { Card, Spin, Tag, Typography } from 'antd';
import type { CSSProperties } from 'react';
import { usePublicRatings } from '../../api/acceptances';
import { Zh } from '../../components/Zh';
import { useI18n } from '../../i18n';
import { useIsDemo } from '../../components/DemoBanner';

// A plain table: five columns, no sorting or paging — antd's Table would be a third of the portal's first load.
const cell: CSSProperties = { padding: '8px', borderBottom: '1px solid #f0f0f0', textAlign: 'start', whiteSpace: 'nowrap' };
const head: CSSProperties = { ...cell, background: '#fafafa', fontWeight: 600 };

/** 验收评级结果: published ratings, and a line saying so while there are none yet. */
export function PublicRatings() {
  const { t, m } = useI18n();
  const a = t.acceptance;
  const demo = useIsDemo();
  const ratings = usePublicRatings();
  const items = ratings.data?.items ?? [];
  const columns = [t.pilot.publishedName, t.pilot.province, t.pilot.batch, a.stars, a.publishedOn];
  return (
    <Card title={a.publicTitle} style={{ marginTop: 24 }} data-testid="public-ratings">
      {ratings.isPending ? (
        <Spin />
      ) : items.length === 0 ? (
        <Typography.Text type="secondary">{a.publicEmpty}</Typography.Text>
      ) : (
        // a phone scrolls the table, not the page; by keyboard too (WCAG 2.1.1)
        <div style={{ overflowX: 'auto' }} tabIndex={0} role="region" aria-label={a.publicTitle}>
          <table style={{ borderCollapse: 'collapse', width: '100%' }}>
            <thead>
              <tr>
                {columns.map((c) => (
                  <th key={c} scope="col" style={head}>
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {items.map((r) => (
                <tr key={r.pilotId}>
                  <td style={cell}>
                    <Zh>{r.publishedName}</Zh>
                  </td>
                  <td style={cell}>
                    <Zh>{r.provinceName}</Zh>
                  </td>
                  <td style={cell}>{r.batchYear}</td>
                  <td style={cell}>
                    <Tag color={r.stars > 0 ? 'gold' : 'red'}>{(m.stars as Record<number, string>)[r.stars] ?? r.ratingLabel}</Tag>
                    {demo && <Tag data-testid="demo-rating">{t.demo.rating}</Tag>}
                  </td>
                  <td style={cell}>{r.publishedOn}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
