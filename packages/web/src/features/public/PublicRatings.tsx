import { Card, Table, Tag } from 'antd';
import { usePublicRatings } from '../../api/acceptances';
import type { PublicRating } from '../../api/types';
import { useI18n } from '../../i18n';

/** 验收评级结果: published ratings, shown on the portal once there are any. */
export function PublicRatings() {
  const { t, m } = useI18n();
  const a = t.acceptance;
  const ratings = usePublicRatings();
  const items = ratings.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Card title={a.publicTitle} style={{ marginTop: 24 }} data-testid="public-ratings">
      <Table<PublicRating>
        size="small"
        rowKey="pilotId"
        pagination={false}
        dataSource={items}
        columns={[
          { title: t.pilot.publishedName, dataIndex: 'publishedName' },
          { title: t.pilot.province, dataIndex: 'provinceName' },
          { title: t.pilot.batch, dataIndex: 'batchYear' },
          {
            title: a.stars,
            dataIndex: 'stars',
            render: (s: number, r) => <Tag color={s > 0 ? 'gold' : 'red'}>{(m.stars as Record<number, string>)[s] ?? r.ratingLabel}</Tag>,
          },
          { title: a.publishedOn, dataIndex: 'publishedOn' },
        ]}
      />
    </Card>
  );
}
