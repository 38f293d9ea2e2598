import { ArrowLeftOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, InputNumber, Result, Space, Spin, Table, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { useAcceptance, useAcceptanceTransition, useAssignAcceptanceExperts, useScoreAcceptance } from '../../api/acceptances';
import type { AcceptanceView } from '../../api/types';
import { ActionBar } from '../../components/ActionBar';
import { StateTag } from '../../components/StateTag';
import { useI18n } from '../../i18n';
import { RatingCard } from './RatingCard';

export function AcceptancePage() {
  const { t, m } = useI18n();
  const a = t.acceptance;
  const { id = '' } = useParams();
  const query = useAcceptance(id);
  const transition = useAcceptanceTransition(id);
  const { message } = App.useApp();
  if (query.isPending) return <Spin size="large" />;
  if (query.error) return <Result status="warning" title={query.error.message} extra={<Link to="/app/acceptances">{a.list}</Link>} />;
  const acc = query.data;
  return (
    <div data-testid="acceptance">
      <Card
        style={{ marginBottom: 24 }}
        title={
          <Space wrap>
            <Link to="/app/acceptances" title={a.list}>
              <ArrowLeftOutlined />
            </Link>
            <span>
              {acc.pilot.name} · {a.list}
            </span>
            <StateTag labels="acceptanceStatus" status={acc.status} testId="acceptance-status" />
          </Space>
        }
        extra={
          <ActionBar
            actions={acc.actions}
            testIdPrefix="acc-action"
            label={(x) => (m.acceptanceAction as Record<string, string>)[x] ?? x}
            pendingAction={transition.isPending ? transition.variables.action : undefined}
            fire={(body, done) => transition.mutate(body, { onSuccess: done, onError: (err) => void message.error(err.message) })}
          />
        }
      >
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
          <Typography.Text strong>{a.narrative}：</Typography.Text>
          {acc.selfAssessment.narrative || '—'}
        </Typography.Paragraph>
      </Card>
      <RatingCard rating={acc.rating} title={acc.rating.confirmed ? a.confirmed : a.preview} />
      <Panel acc={acc} />
    </div>
  );
}

function Panel({ acc }: { acc: AcceptanceView }) {
  const { t } = useI18n();
  const x = t.application;
  const { message } = App.useApp();
  const assign = useAssignAcceptanceExperts(acc.id);
  const score = useScoreAcceptance(acc.id);
  return (
    <Card
      title={t.acceptance.panel}
      style={{ marginBottom: 24 }}
      data-testid="acceptance-panel"
      extra={
        acc.abilities.assign && (
          <Button
            type="primary"
            data-testid="acc-assign"
            loading={assign.isPending}
            onClick={() => assign.mutate(undefined, { onError: (err) => void message.error(err.message) })}
          >
            {x.assignAuto}
          </Button>
        )
      }
    >
      {acc.abilities.score && (
        <Form
          layout="inline"
          style={{ marginBottom: 16, rowGap: 8 }}
          onFinish={(v: { score: number; comment?: string }) =>
            score.mutate(
              { score: v.score, comment: (v.comment ?? '').trim() },
              { onSuccess: () => void message.success(x.scoreDone), onError: (err) => void message.error(err.message) },
            )
          }
        >
          <Form.Item name="score" label={x.score} rules={[{ required: true, message: x.score }]}>
            <InputNumber min={0} max={100} data-testid="acc-score" />
          </Form.Item>
          <Form.Item name="comment" label={x.comment}>
            <Input data-testid="acc-comment" style={{ width: 320 }} />
          </Form.Item>
          <Button type="primary" htmlType="submit" data-testid="acc-score-submit" loading={score.isPending}>
            {x.submitScore}
          </Button>
        </Form>
      )}
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={acc.panel.items}
        columns={[
          { title: x.expert, key: 'expert', render: (_, r) => r.expert.name },
          { title: x.explanation, dataIndex: 'explanation' },
          { title: x.score, dataIndex: 'total', render: (s: number | null) => s ?? '—' },
          { title: x.comment, dataIndex: 'comment', render: (c: string | null) => c || '—' },
          {
            title: t.taskBook.status,
            key: 's',
            render: (_, r) => (r.submittedAt ? <Tag color="success">{x.submitted}</Tag> : <Tag>{x.pending}</Tag>),
          },
        ]}
      />
    </Card>
  );
}
