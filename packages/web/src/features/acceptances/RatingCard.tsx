import { Alert, Card, Descriptions, Table, Tag, Typography } from 'antd';
import type { RatingLineView, RatingView } from '../../api/types';
import { fmt, useI18n } from '../../i18n';

const STAR_COLOURS = ['red', 'blue', 'geekblue', 'gold'];

/** A rating explained line by line: 一星/二星/三星/未通过, the score, and every line's points in words. */
export function RatingCard({ rating, title, testId }: { rating: RatingView; title?: string; testId?: string }) {
  const { t, m } = useI18n();
  const a = t.acceptance;
  const label = (m.stars as Record<number, string>)[rating.stars] ?? rating.label;
  return (
    <Card title={title ?? a.preview} style={{ marginBottom: 24 }} data-testid={testId ?? 'rating'}>
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, md: 3 }}
        items={[
          {
            key: 'stars',
            label: a.rating,
            children: (
              <Tag color={STAR_COLOURS[rating.stars]} data-testid="rating-stars">
                {label}
              </Tag>
            ),
          },
          {
            key: 'score',
            label: a.score,
            children: (
              <Typography.Text strong data-testid="rating-score">
                {rating.score}
              </Typography.Text>
            ),
          },
          { key: 'rule', label: fmt(a.previewFor, { version: '' }).replace(/[（(）)]/g, ''), children: rating.ruleVersion },
        ]}
      />
      {rating.vetoes.length > 0 && (
        <Alert type="error" showIcon style={{ marginTop: 12 }} title={`${a.vetoes}：${rating.vetoes.join('、')}`} />
      )}
      <Table<RatingLineView>
        style={{ marginTop: 12 }}
        size="small"
        pagination={false}
        rowKey={(l) => `${l.part}-${l.subject}`}
        dataSource={rating.lines}
        data-testid="rating-lines"
        columns={[
          { title: t.report.category, dataIndex: 'part', width: 100, render: (p: RatingLineView['part']) => a.part[p] },
          { title: a.lines, dataIndex: 'text' },
          {
            title: a.points,
            dataIndex: 'points',
            width: 90,
            align: 'right',
            render: (p: number) => <Typography.Text type={p < 0 ? 'danger' : undefined}>{p}</Typography.Text>,
          },
        ]}
      />
    </Card>
  );
}
