import { Alert, Card, Descriptions, Table, Tag, Typography } from 'antd';
import type { RatingLineView, RatingView } from '../../api/types';
import type { ReactNode } from 'react';
import { Named, Zh } from '../../components/Zh';
import { fmt, useI18n } from '../../i18n';

const STAR_COLOURS = ['red', 'blue', 'geekblue', 'gold'];
/** a share as a percentage, to the hundredth when it has one (77.5 %, not 78 %: the sum must add up by hand) */
export const percent = (x: number) => `${Math.round(x * 10_000) / 100}%`;

type PartView = RatingView['parts'][number];

/**
 * A rating explained so it adds up by hand: each part of the rule with its weight, the part's score and what it
 * adds (weight × score), the star thresholds and the 规定项 floor, then every line's points in words.
 */
export function RatingCard({ rating, title, testId }: { rating: RatingView; title?: ReactNode; testId?: string }) {
  const { t, m } = useI18n();
  const a = t.acceptance;
  const label = (m.stars as Record<number, string>)[rating.stars] ?? rating.label;
  const { rule } = rating;
  const stars = m.stars as Record<number, string>;
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
          { key: 'rule', label: a.ruleVersion, children: rating.ruleVersion },
        ]}
      />
      <Table<PartView>
        style={{ marginTop: 12 }}
        size="small"
        pagination={false}
        rowKey="part"
        dataSource={rating.parts}
        data-testid="rating-parts"
        onRow={(p) => ({ 'data-part': p.part }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: a.partName, dataIndex: 'part', render: (p: PartView['part']) => a.part[p] },
          {
            title: a.weight,
            dataIndex: 'weight',
            align: 'right',
            render: (w: number) => <span data-testid="part-weight">{percent(w)}</span>,
          },
          {
            title: a.partScore,
            dataIndex: 'score',
            align: 'right',
            render: (s: number) => <span data-testid="part-score">{percent(s)}</span>,
          },
          {
            title: a.contribution,
            dataIndex: 'points',
            align: 'right',
            render: (p: number) => <span data-testid="part-points">{p}</span>,
          },
        ]}
        summary={() => (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0} colSpan={3}>
              {a.total}
            </Table.Summary.Cell>
            <Table.Summary.Cell index={1} align="right">
              <Typography.Text strong>{rating.score}</Typography.Text>
            </Table.Summary.Cell>
          </Table.Summary.Row>
        )}
      />
      <Descriptions
        style={{ marginTop: 12 }}
        size="small"
        column={1}
        data-testid="rating-rule"
        items={[
          {
            key: 'thresholds',
            label: a.thresholds,
            children: (
              <span data-testid="rating-thresholds">
                {rule.thresholds.map((x) => fmt(a.threshold, { stars: stars[x.stars] ?? x.stars, min: x.minScore })).join('；')}
              </span>
            ),
          },
          {
            key: 'floor',
            label: a.floors,
            children: <span data-testid="rating-floor">{fmt(a.requiredFloor, { floor: percent(rule.requiredFloor) })}</span>,
          },
          {
            key: 'categories',
            label: a.categoryWeights,
            children: fmt(a.categoryWeightsText, rule.categoryWeights),
          },
          {
            key: 'penalties',
            label: a.penalties,
            children: fmt(a.penaltiesText, { open: rule.rectificationPenalty.open, late: rule.rectificationPenalty.late }),
          },
        ]}
      />
      {rating.vetoes.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 12 }}
          title={
            <>
              {a.vetoes}: <Zh>{rating.vetoes.join('、')}</Zh>
            </>
          }
        />
      )}
      <Table<RatingLineView>
        style={{ marginTop: 12 }}
        size="small"
        pagination={false}
        rowKey={(l) => `${l.part}-${l.subject}`}
        dataSource={rating.lines}
        data-testid="rating-lines"
        columns={[
          { title: a.partName, dataIndex: 'part', width: 100, render: (p: RatingLineView['part']) => a.part[p] },
          { title: a.lines, dataIndex: 'text', render: (text: string, l) => <Named text={text} names={[l.subject]} /> },
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
