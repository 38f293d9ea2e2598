import { emptyLocale } from '../../components/EmptyState';
import { TeamOutlined } from '@ant-design/icons';
import { Alert, Card, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { ApiError } from '../../api/client';
import { useAssignExperts, useExpertReviews } from '../../api/calls';
import type { ApplicationDetail, ExpertReview } from '../../api/types';
import { fmt, useI18n } from '../../i18n';
import { ScoreForm } from './ScoreForm';
import { AssignExperts } from '../../components/ExpertPicker';
import { Explanation } from '../../components/Explanation';
import { Zh } from '../../components/Zh';
import { useCriterionName } from '../calls/criterion';

/**
 * 综合评审: the Ministry assigns experts (each with why they were chosen) and sees every score; an assigned expert
 * scores by the call's rubric and sees the others' names and scores only once the panel has closed.
 */
export function ExpertPanelCard({ app, tier }: { app: ApplicationDetail; tier: string }) {
  const { t } = useI18n();
  const criterion = useCriterionName();
  const a = t.application;
  const shown = (tier === 'ministry' || tier === 'expert') && ['expertReview', 'designated', 'declined'].includes(app.status);
  const reviews = useExpertReviews(app.id, shown);
  const assign = useAssignExperts(app.id);
  if (!shown) return null;
  // an expert not on this panel simply has nothing to do here
  if (reviews.error instanceof ApiError && reviews.error.status === 403) return null;
  const data = reviews.data;
  const rubric = data?.rubric;

  const columns: TableColumnsType<ExpertReview> = [
    { title: a.expert, key: 'expert', render: (_, r) => <Zh>{r.expert.name}</Zh> },
    { title: a.explanation, key: 'explanation', render: (_, r) => <Explanation review={r} /> },
    ...(rubric?.criteria ?? []).map((c) => ({
      title: criterion(c),
      key: c.key,
      width: 110,
      render: (_: unknown, r: ExpertReview) => r.scores?.[c.key] ?? '—',
    })),
    { title: a.total, dataIndex: 'total', width: 80, render: (x: number | null) => x ?? '—' },
    { title: a.comment, dataIndex: 'comment', render: (x: string | null) => <Zh>{x || '—'}</Zh> },
    {
      title: t.taskBook.status,
      key: 'state',
      width: 90,
      render: (_, r) => (r.submittedAt ? <Tag color="success">{a.submitted}</Tag> : <Tag>{a.pending}</Tag>),
    },
  ];

  return (
    <Card
      title={
        <span>
          <TeamOutlined /> {a.panel}
          {data && (
            <Typography.Text type="secondary" style={{ marginLeft: 12, fontWeight: 'normal' }} data-testid="panel-count">
              {fmt(a.assigned, { assigned: data.assigned, submitted: data.submitted })}
            </Typography.Text>
          )}
        </span>
      }
      style={{ marginBottom: 24 }}
      data-testid="expert-panel"
      extra={
        app.abilities.assign && (
          <AssignExperts
            choices={data?.choices}
            mutation={assign}
            autoLabel={data && data.assigned > 0 ? a.assign : a.assignAuto}
            autoTestId="assign-experts"
          />
        )
      }
    >
      {reviews.error && <Alert type="error" showIcon title={reviews.error.message} style={{ marginBottom: 12 }} />}
      {app.abilities.score && rubric && (
        <ScoreForm subject={{ kind: 'applications', id: app.id }} rubric={rubric} mine={data.items.find((r) => r.mine)} />
      )}
      {tier === 'expert' && data && !data.closed && (
        <Alert type="info" showIcon style={{ margin: '12px 0' }} title={a.othersHidden} data-testid="others-hidden" />
      )}
      <Table<ExpertReview>
        data-testid="expert-reviews"
        rowKey="id"
        size="small"
        pagination={false}
        loading={reviews.isFetching}
        columns={columns}
        dataSource={data?.items}
        locale={emptyLocale(t.empty.reviews, undefined, true)}
        scroll={{ x: true }}
        onRow={(r) => ({ 'data-testid': 'expert-review', 'data-expert': r.expert.name }) as React.HTMLAttributes<HTMLElement>}
      />
    </Card>
  );
}
