import { APPLICATION_STATUSES } from '@smartcity/domain';
import { Alert, App, Card, Descriptions, Result, Space, Spin, Table, type TableColumnsType } from 'antd';
import { Link, useNavigate, useParams } from 'react-router';
import { useApplications, useCall, useCallTransition } from '../../api/calls';
import { useSession } from '../../api/session';
import type { ApplicationSummary, CallView } from '../../api/types';
import { ActionBar } from '../../components/ActionBar';
import { StateTag } from '../../components/StateTag';
import { useI18n } from '../../i18n';
import { useCriterionName } from './criterion';
import { ApplyButton } from './ApplyButton';
import { RankingTable } from './RankingTable';
import { RubricEditor } from './RubricEditor';
import { Zh, zh } from '../../components/Zh';
import { sortBy, useTableOrder } from '../../components/sorting';
import { emptyLocale } from '../../components/EmptyState';
import { statusColumn, timeColumn } from '../../components/columns';
import { PageTrail } from '../../components/PageTrail';
import { ExportButtons } from '../../components/ExportButtons';

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
  const canEdit = useSession().data?.can.createCall;
  const criterion = useCriterionName();
  const c = t.call;
  const { message } = App.useApp();
  const transition = useCallTransition(call.id);
  return (
    <>
      <PageTrail name={call.title} />
      <Card
        style={{ marginBottom: 24 }}
        title={
          <Space wrap>
            <Zh>{call.title}</Zh>
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
              children: call.rubric.criteria.map((x, i) => (
                <span key={x.key}>
                  {i > 0 && t.listSeparator}
                  {criterion(x)} {Math.round(x.weight * 100)}%
                </span>
              )),
            },
          ]}
        />
        {canEdit && (
          <div style={{ marginTop: 16 }}>
            <RubricEditor call={call} />
          </div>
        )}
      </Card>
    </>
  );
}

function CallApplications({ call }: { call: CallView }) {
  const { t, m } = useI18n();
  const order = useTableOrder<ApplicationSummary>();
  const navigate = useNavigate();
  const list = useApplications({ call: call.id });
  const a = t.application;
  const columns: TableColumnsType<ApplicationSummary> = [
    { title: a.name, dataIndex: 'name', render: zh, ...sortBy((x) => x.name) },
    { title: a.organisation, key: 'applicant', dataIndex: 'organisationName', render: zh, ...sortBy((x) => x.organisationName) },
    { title: a.province, key: 'province', dataIndex: 'provinceName', render: zh, ...sortBy((x) => x.provinceName) },
    { title: a.kind, dataIndex: 'kind', render: (k: ApplicationSummary['kind']) => m.pilotKind[k], ...sortBy((x) => m.pilotKind[x.kind]) },
    statusColumn<ApplicationSummary>(a.status, 'applicationStatus', APPLICATION_STATUSES),
    timeColumn<ApplicationSummary>(t.taskBook.updatedAt, 'updatedAt'),
  ];
  return (
    <Card
      title={t.call.applications}
      style={{ marginBottom: 24 }}
      extra={<ExportButtons list="/api/applications" query={{ call: call.id, sort: order.sort }} />}
    >
      {list.error && <Alert type="error" showIcon title={list.error.message} />}
      <Table<ApplicationSummary>
        onChange={order.onChange}
        data-testid="application-table"
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.data?.items}
        loading={list.isFetching}
        pagination={false}
        locale={emptyLocale(t.empty.applications)}
        onRow={(x) => ({ onClick: () => navigate(`/app/applications/${x.id}`), style: { cursor: 'pointer' } })}
      />
    </Card>
  );
}
