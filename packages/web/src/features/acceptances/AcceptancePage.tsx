import { RecordTabs } from '../../components/RecordHistory';
import { ACCEPTANCE_RUBRIC } from '@smartcity/domain';
import { emptyLocale } from '../../components/EmptyState';
import { App, Button, Card, Form, Input, Result, Space, Spin, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useAcceptance, useAcceptanceTransition, useAssignAcceptanceExperts, useSaveNarrative } from '../../api/acceptances';
import { ApiError } from '../../api/client';
import type { AcceptanceView } from '../../api/types';
import { ActionBar } from '../../components/ActionBar';
import { StateTag } from '../../components/StateTag';
import { useI18n } from '../../i18n';
import { RatingCard } from './RatingCard';
import { AssignExperts } from '../../components/ExpertPicker';
import { Explanation } from '../../components/Explanation';
import { Zh } from '../../components/Zh';
import { ScoreForm } from '../applications/ScoreForm';
import { PageTrail } from '../../components/PageTrail';

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
      <PageTrail owner={{ name: <Zh>{acc.pilot.name}</Zh>, to: `/app/pilots/${acc.pilot.id}` }} />
      <Card
        style={{ marginBottom: 24 }}
        title={
          <Space wrap>
            <span>
              <Zh>{acc.pilot.name}</Zh> · {a.list}
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
        <Narrative acc={acc} />
      </Card>
      <RecordTabs records="acceptances" id={id}>
        <RatingCard rating={acc.rating} title={acc.rating.confirmed ? a.confirmed : a.preview} />
        <Panel acc={acc} />
      </RecordTabs>
    </div>
  );
}

function Panel({ acc }: { acc: AcceptanceView }) {
  const { t } = useI18n();
  const x = t.application;
  const assign = useAssignAcceptanceExperts(acc.id);
  return (
    <Card
      title={t.acceptance.panel}
      style={{ marginBottom: 24 }}
      data-testid="acceptance-panel"
      extra={
        acc.abilities.assign && (
          <AssignExperts choices={acc.panel.choices} mutation={assign} autoLabel={x.assignAuto} autoTestId="acc-assign" />
        )
      }
    >
      {acc.abilities.score && (
        <Card size="small" type="inner" title={t.acceptance.scoreSheet} style={{ marginBottom: 16 }}>
          <ScoreForm subject={{ kind: 'acceptances', id: acc.id }} rubric={ACCEPTANCE_RUBRIC} mine={acc.panel.items.find((r) => r.mine)} />
        </Card>
      )}
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={acc.panel.items}
        locale={emptyLocale(t.empty.reviews, undefined, true)}
        columns={[
          { title: x.expert, key: 'expert', render: (_, r) => <Zh>{r.expert.name}</Zh> },
          { title: x.explanation, key: 'explanation', render: (_, r) => <Explanation review={r} /> },
          { title: x.score, dataIndex: 'total', render: (s: number | null) => s ?? '—' },
          { title: x.comment, dataIndex: 'comment', render: (c: string | null) => <Zh>{c || '—'}</Zh> },
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

/**
 * 自评报告: the pilot writes it while the acceptance is a draft (the server's `abilities.edit`), everyone in scope
 * reads it. Saved with the version it was read at, so a colleague's change in between is not overwritten.
 */
function Narrative({ acc }: { acc: AcceptanceView }) {
  const { t } = useI18n();
  const a = t.acceptance;
  const { message } = App.useApp();
  const save = useSaveNarrative(acc.id);
  const [editing, setEditing] = useState(false);
  const [form] = Form.useForm<{ narrative: string }>();
  if (!editing)
    return (
      <>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }} data-testid="acc-narrative">
          <Typography.Text strong>{a.narrative}：</Typography.Text>
          <Zh>{acc.selfAssessment.narrative || '—'}</Zh>
        </Typography.Paragraph>
        {acc.abilities.edit && (
          <Button style={{ marginTop: 12 }} data-testid="acc-narrative-edit" onClick={() => setEditing(true)}>
            {a.narrativeEdit}
          </Button>
        )}
      </>
    );
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={{ narrative: acc.selfAssessment.narrative }}
      onFinish={(v) =>
        save.mutate(
          { narrative: v.narrative, version: acc.version },
          {
            onSuccess: () => {
              setEditing(false);
              void message.success(a.narrativeSaved);
            },
            onError: (err) =>
              err instanceof ApiError && err.field === 'narrative'
                ? form.setFields([{ name: 'narrative', errors: [err.message] }])
                : void message.error(err.message),
          },
        )
      }
    >
      <Form.Item
        name="narrative"
        label={a.narrative}
        extra={a.narrativeHint}
        rules={[{ required: true, whitespace: true, message: a.narrativeRequired }]}
      >
        <Input.TextArea rows={8} maxLength={50_000} data-testid="acc-narrative-input" />
      </Form.Item>
      <Space>
        <Button onClick={() => setEditing(false)}>{t.cancel}</Button>
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="acc-narrative-save">
          {a.narrativeSave}
        </Button>
      </Space>
    </Form>
  );
}
