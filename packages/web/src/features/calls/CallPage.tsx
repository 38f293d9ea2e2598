import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, App, Card, Descriptions, Result, Space, Spin, Table, type TableColumnsType } from 'antd';
import { Link, useNavigate, useParams } from 'react-router';
import { useApplications, useCall, useCallTransition } from '../../api/calls';
import { useSession } from '../../api/session';
import type { ApplicationSummary, CallView } from '../../api/types';
import { ActionBar } from '../../components/ActionBar';
import { StateTag } from '../../components/StateTag';
import { useI18n } from '../../i18n';
import { ApplyButton } from './ApplyButton';
import { RankingTable } from './RankingTable';

export function CallPage() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  const call = useCall(id);
  const session = useSession().data;
  if (call.isPending) return <Spin size="large" />;
  if (call.error) return <Result status="warning" title={call.error.message} extra={<Link to="/app/calls">{t.call.list}</Link>} />;
  const tier = session?.organisation.tier;
  return (
    <div data-testid="call">
      <CallHeader call={call.data} />
      {session?.can.apply && <ApplyButton call={call.data} />}
      <CallApplications call={call.data} />
      {tier === 'ministry' && <RankingTable call={call.data} />}
    </div>
  );
}

function CallHeader({ call }: { call: CallView }) {
  const { t, m } = useI18n();
  const c = t.call;
  const { message } = App.useApp();
  const transition = useCallTransition(call.id);
  return (
    <Card
      style={{ marginBottom: 24 }}
      title={
        <Space wrap>
          <Link to="/app/calls" title={c.list}>
            <ArrowLeftOutlined />
          </Link>
          <span>{call.title}</span>
          <StateTag labels="callStatus" status={call.status} testId="call-status" />
        </Space>
      }
      extra={
        <ActionBar
          actions={call.actions}
          testIdPrefix="call-action"
          label={(a) => (m.callAction as Record<string, string>)[a] ?? a}
          pendingAction={transition.isPending ? transition.variables : undefined}
          fire={(body, done) => transition.mutate(body.action, { onSuccess: done, onError: (err) => void message.error(err.message) })}
        />
      }
    >
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, md: 2, xl: 3 }}
        items={[
          { key: 'year', label: c.year, children: call.year },
          { key: 'window', label: c.window, children: `${call.opensOn} — ${call.closesOn}` },
          { key: 'quota', label: c.quota, children: call.quotaPerProvince },
          { key: 'deadline', label: c.taskBookDeadline, children: call.taskBookDeadline ?? '—' },
          {
            key: 'required',
            label: c.required,
            children: call.requiredAttachments.map((k) => (m.attachmentKind as Record<string, string>)[k] ?? k).join('、'),
          },
          {
            key: 'rubric',
            label: c.rubric,
            children: call.rubric.criteria.map((x) => `${x.name} ${Math.round(x.weight * 100)}%`).join('；'),
          },
        ]}
      />
    </Card>
  );
}

function CallApplications({ call }: { call: CallView }) {
  const { t, m } = useI18n();
  const navigate = useNavigate();
  const list = useApplications({ call: call.id });
  const a = t.application;
  const columns: TableColumnsType<ApplicationSummary> = [
    { title: a.name, dataIndex: 'name' },
    { title: a.organisation, dataIndex: 'organisationName' },
    { title: a.province, dataIndex: 'provinceName' },
    { title: a.kind, dataIndex: 'kind', render: (k: ApplicationSummary['kind']) => m.pilotKind[k] },
    { title: a.status, dataIndex: 'status', render: (s: string) => <StateTag labels="applicationStatus" status={s} /> },
    { title: t.taskBook.updatedAt, dataIndex: 'updatedAt', render: (v: string) => v.slice(0, 16).replace('T', ' ') },
  ];
  return (
    <Card title={t.call.applications} style={{ marginBottom: 24 }}>
      {list.error && <Alert type="error" showIcon title={list.error.message} />}
      <Table<ApplicationSummary>
        data-testid="application-table"
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.data?.items}
        loading={list.isFetching}
        pagination={false}
        locale={{ emptyText: t.call.none }}
        onRow={(x) => ({ onClick: () => navigate(`/app/applications/${x.id}`), style: { cursor: 'pointer' } })}
      />
    </Card>
  );
}
