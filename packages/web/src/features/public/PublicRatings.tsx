import { Card, Table, Tag, Typography } from 'antd';
import { usePublicRatings } from '../../api/acceptances';
import type { PublicRating } from '../../api/types';
import { Zh } from '../../components/Zh';
import { useI18n } from '../../i18n';
import { useIsDemo } from '../../components/DemoBanner';

/** 验收评级结果: published ratings, and a line saying so while there are none yet. */
export function PublicRatings() {
  const { t, m } = useI18n();
  const a = t.acceptance;
  const demo = useIsDemo();
  const ratings = usePublicRatings();
  const items = ratings.data?.items ?? [];
  return (
    <Card title={a.publicTitle} style={{ marginTop: 24 }} data-testid="public-ratings">
      <Table<PublicRating>
        size="small"
        rowKey="pilotId"
        pagination={false}
        loading={ratings.isPending}
        // a phone scrolls the table, not the page
        scroll={{ x: 'max-content' }}
        dataSource={items}
        locale={{ emptyText: <Typography.Text type="secondary">{a.publicEmpty}</Typography.Text> }}
        columns={[
          { title: t.pilot.publishedName, dataIndex: 'publishedName', render: (name: string) => <Zh>{name}</Zh> },
          { title: t.pilot.province, dataIndex: 'provinceName', render: (name: string) => <Zh>{name}</Zh> },
          { title: t.pilot.batch, dataIndex: 'batchYear' },
          {
            title: a.stars,
            dataIndex: 'stars',
            render: (s: number, r) => (
              <>
                <Tag color={s > 0 ? 'gold' : 'red'}>{(m.stars as Record<number, string>)[s] ?? r.ratingLabel}</Tag>
                {demo && <Tag data-testid="demo-rating">{t.demo.rating}</Tag>}
              </>
            ),
          },
          { title: a.publishedOn, dataIndex: 'publishedOn' },
        ]}
      />
    </Card>
  );
}
