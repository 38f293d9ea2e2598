import { RecordTabs } from '../../components/RecordHistory';
import { App, Card, Descriptions, Result, Space, Spin, Timeline, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { useApplication, useApplicationTransition } from '../../api/calls';
import { useSession } from '../../api/session';
import type { ApplicationDetail } from '../../api/types';
import { ActionBar } from '../../components/ActionBar';
import { StateTag } from '../../components/StateTag';
import { fmt, useI18n } from '../../i18n';
import { ApplicationForm } from './ApplicationForm';
import { AttachmentsCard } from './AttachmentsCard';
import { ExpertPanelCard } from './ExpertPanelCard';
import { Zh } from '../../components/Zh';
import { PageTrail } from '../../components/PageTrail';
import { beijingTime } from '../../components/time';

export function ApplicationPage() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  const query = useApplication(id);
  const tier = useSession().data?.organisation.tier ?? '';
  if (query.isPending) return <Spin size="large" />;
  if (query.error) return <Result status="warning" title={query.error.message} extra={<Link to="/app/calls">{t.call.list}</Link>} />;
  const app = query.data;
  return (
    <div data-testid="application">
      <Header app={app} />
      <RecordTabs records="applications" id={id}>
        <ApplicationForm app={app} />
        <AttachmentsCard app={app} />
        <ExpertPanelCard app={app} tier={tier} />
        <History app={app} />
      </RecordTabs>
    </div>
  );
}

function Header({ app }: { app: ApplicationDetail }) {
  const { t, m } = useI18n();
  const a = t.application;
  const { message } = App.useApp();
  const transition = useApplicationTransition(app.id);
  const label = (action: string) => (m.applicationAction as Record<string, string>)[action] ?? action;
  return (
    <>
      <PageTrail
        name={app.name || undefined}
        owner={{ name: fmt(t.filters.batchLabel, { year: app.callYear }), to: `/app/calls/${app.callId}` }}
      />
      <Card
        style={{ marginBottom: 24 }}
        title={
          <Space wrap>
            <Zh>{app.name}</Zh>
            <Typography.Text type="secondary">
              <Zh>{app.organisationName}</Zh>
            </Typography.Text>
            <StateTag labels="applicationStatus" status={app.status} testId="application-status" />
          </Space>
        }
        extra={
          <ActionBar
            actions={app.actions}
            testIdPrefix="app-action"
            label={label}
            reasonLabel={(action) => (a.reasonFor as Record<string, string>)[action] ?? t.reason}
            pendingAction={transition.isPending ? transition.variables.action : undefined}
            fire={(body, done) => transition.mutate(body, { onSuccess: done, onError: (err) => void message.error(err.message) })}
          />
        }
      >
        <Descriptions
          bordered
          size="small"
          column={{ xs: 1, md: 2, xl: 3 }}
          items={[
            { key: 'org', label: a.organisation, children: <Zh>{app.organisationName}</Zh> },
            { key: 'province', label: a.province, children: <Zh>{app.provinceName}</Zh> },
            { key: 'supervisor', label: a.supervisor, children: <Zh>{app.supervisorName}</Zh> },
            { key: 'call', label: a.call, children: <Link to={`/app/calls/${app.callId}`}>{app.callYear}</Link> },
            { key: 'status', label: a.status, children: <StateTag labels="applicationStatus" status={app.status} /> },
            ...(app.provinceReport
              ? [
                  {
                    key: 'report',
                    label: a.provinceReport,
                    span: 3,
                    children: (
                      <span data-testid="province-report" lang="zh-CN">
                        {app.provinceReport}
                      </span>
                    ),
                  },
                ]
              : []),
            ...(app.decisionReason ? [{ key: 'decision', label: a.decisionReason, span: 3, children: <Zh>{app.decisionReason}</Zh> }] : []),
            ...(app.pilotId
              ? [
                  {
                    key: 'pilot',
                    label: m.applicationStatus.designated,
                    children: (
                      <Link to={`/app/pilots/${app.pilotId}`} data-testid="open-pilot">
                        {a.pilot}
                      </Link>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
    </>
  );
}

function History({ app }: { app: ApplicationDetail }) {
  const { t, m } = useI18n();
  const history = app.history ?? [];
  if (history.length === 0) return null;
  return (
    <Card title={t.application.history} size="small" data-testid="application-history" style={{ marginBottom: 24 }}>
      <Timeline
        items={history.map((h, i) => ({
          key: i,
          color: ['return', 'reject', 'decline'].includes(h.action) ? 'red' : 'green',
          content: (
            <div>
              <Typography.Text strong>{(m.applicationAction as Record<string, string>)[h.action] ?? h.action}</Typography.Text>{' '}
              <Typography.Text type="secondary">
                <Zh>{h.byName}</Zh> · {beijingTime(h.at)}
              </Typography.Text>
              {h.reason && (
                <div lang="zh-CN" style={{ whiteSpace: 'pre-wrap' }}>
                  {h.reason}
                </div>
              )}
            </div>
          ),
        }))}
      />
    </Card>
  );
}
