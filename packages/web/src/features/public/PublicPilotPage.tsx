import { Descriptions, Result, Spin, Tag, Typography } from 'antd';
import { useParams } from 'react-router';
import { usePublicPilot } from '../../api/reference';
import { Zh } from '../../components/Zh';
import { fmt, useI18n } from '../../i18n';
import { PublicNoticeList } from './PublicNotices';
import { PublicShell } from './PublicShell';

/** A pilot's public page: its line of the published list, its standing, its published rating and the notices about it. */
export function PublicPilotPage() {
  const { t, m } = useI18n();
  const p = t.publicPilot;
  const { id = '' } = useParams();
  const pilot = usePublicPilot(id);
  const x = pilot.data;
  return (
    <PublicShell page={p.title} testId="public-pilot">
      {pilot.isPending && <Spin />}
      {pilot.error && <Result status="warning" title={pilot.error.message} />}
      {x && (
        <article>
          <Typography.Title level={1} style={{ fontSize: 22 }}>
            <Zh>{x.publishedName}</Zh>
          </Typography.Title>
          <Descriptions
            bordered
            size="small"
            column={{ xs: 1, md: 2 }}
            items={[
              { key: 'province', label: t.pilot.province, children: <Zh>{x.provinceName}</Zh> },
              { key: 'kind', label: t.pilot.kind, children: m.pilotKind[x.kind] },
              {
                key: 'batch',
                label: t.pilot.batch,
                children: (
                  <>
                    {fmt(t.filters.batchLabel, { year: x.batch.year })}
                    {x.batch.documentNo && (
                      <>
                        {' '}
                        <Zh>（{x.batch.documentNo}）</Zh>
                      </>
                    )}
                  </>
                ),
              },
              { key: 'status', label: t.pilot.status, children: <span data-testid="public-pilot-status">{m.pilotStatus[x.status]}</span> },
              {
                key: 'rating',
                label: t.acceptance.stars,
                children: x.rating ? (
                  <span data-testid="public-pilot-rating">
                    <span aria-hidden="true" style={{ color: '#d48806' }}>
                      {'★'.repeat(x.rating.stars)}
                    </span>{' '}
                    <Tag color={x.rating.stars > 0 ? 'gold' : 'red'}>{(m.stars as Record<number, string>)[x.rating.stars]}</Tag>
                    {fmt(p.ratedOn, { date: x.rating.publishedOn })}
                  </span>
                ) : (
                  <Typography.Text type="secondary" data-testid="public-pilot-rating">
                    {p.noRating}
                  </Typography.Text>
                ),
              },
            ]}
          />
          <Typography.Title level={2} style={{ fontSize: 16, marginTop: 24 }}>
            {p.notices}
          </Typography.Title>
          <PublicNoticeList items={x.notices} testId="public-pilot-notices" />
        </article>
      )}
    </PublicShell>
  );
}
