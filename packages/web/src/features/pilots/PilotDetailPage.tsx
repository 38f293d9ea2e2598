import { RecordTabs } from '../../components/RecordHistory';
import { emptyLocale } from '../../components/EmptyState';
import { EditOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Result, Space, Spin, Table, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { usePilot } from '../../api/pilots';
import type { Person, PilotDetail } from '../../api/types';
import { Zh } from '../../components/Zh';
import { fmt, useI18n } from '../../i18n';
import { PilotDashboardCard } from '../dashboards/PilotDashboardCard';
import { PilotTaskBookCard } from '../task-books/PilotTaskBookCard';
import { PilotActions } from './PilotActions';
import { PilotEditModal } from './PilotEditModal';
import { PilotRecordsCard, PilotTimelineCard } from './PilotHub';
import { TodoCard } from '../todos/TodoCard';
import { useSession } from '../../api/session';
import { StatusTag } from './StatusTag';
import { PageTrail } from '../../components/PageTrail';

export function PilotDetailPage() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  const query = usePilot(id);
  const [editing, setEditing] = useState(false);
  const session = useSession().data;

  if (query.isPending) return <Spin size="large" />;
  if (query.error) return <Result status="warning" title={query.error.message} extra={<Link to="/app/pilots">{t.pilot.back}</Link>} />;
  const pilot = query.data;

  return (
    <div data-testid="pilot-detail">
      <PageTrail name={pilot.publishedName} />
      {session?.organisation.tier === 'pilot' && <TodoCard />}
      <Card
        title={
          <Space>
            <Zh>{pilot.publishedName}</Zh>
            <StatusTag status={pilot.status} testId="pilot-status" />
          </Space>
        }
        extra={
          <Space wrap>
            <PilotActions pilot={pilot} />
            {pilot.abilities.edit && (
              <Button data-testid="pilot-edit" type="primary" icon={<EditOutlined />} onClick={() => setEditing(true)}>
                {t.edit}
              </Button>
            )}
          </Space>
        }
      >
        <PilotDescriptions pilot={pilot} />
      </Card>
      <RecordTabs records="pilots" id={id}>
        <PilotTaskBookCard pilot={pilot} />
        <PilotDashboardCard pilotId={pilot.id} />
        <PilotRecordsCard pilotId={pilot.id} />
        <PilotTimelineCard pilotId={pilot.id} />
        <OrganisationCard pilot={pilot} />
        {editing && <PilotEditModal pilot={pilot} onClose={() => setEditing(false)} onReload={() => void query.refetch()} />}
      </RecordTabs>
    </div>
  );
}

function PilotDescriptions({ pilot }: { pilot: PilotDetail }) {
  const { t, m } = useI18n();
  const items = [
    { key: 'publishedName', label: t.pilot.publishedName, children: <Zh>{pilot.publishedName}</Zh> },
    { key: 'officialName', label: t.pilot.officialName, children: <Zh>{pilot.officialName ?? '—'}</Zh> },
    { key: 'adminCode', label: t.pilot.adminCode, children: pilot.adminCode ?? '—' },
    { key: 'province', label: t.pilot.province, children: <Zh>{pilot.provinceName}</Zh> },
    { key: 'kind', label: t.pilot.kind, children: m.pilotKind[pilot.kind] },
    { key: 'batch', label: t.pilot.batch, children: fmt(t.filters.batchLabel, { year: pilot.batchYear }) },
    { key: 'status', label: t.pilot.status, children: <StatusTag status={pilot.status} /> },
    { key: 'supervisor', label: t.pilot.supervisor, children: <Zh>{pilot.supervisor.name}</Zh> },
    { key: 'version', label: t.pilot.version, children: pilot.version },
    {
      key: 'note',
      label: t.pilot.note,
      children: (
        <span lang="zh-CN" style={{ whiteSpace: 'pre-wrap' }}>
          {pilot.note ?? '—'}
        </span>
      ),
      span: 2,
    },
  ];
  return <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} items={items} />;
}

function OrganisationCard({ pilot }: { pilot: PilotDetail }) {
  const { t, m } = useI18n();
  const columns: TableColumnsType<Person> = [
    { title: t.person.displayName, dataIndex: 'displayName', render: (name: string) => <Zh>{name}</Zh> },
    { title: t.person.username, dataIndex: 'username' },
    {
      title: t.person.roles,
      dataIndex: 'roles',
      render: (roles: Person['roles']) => roles.map((r) => <Tag key={r}>{m.role[r]}</Tag>),
    },
  ];
  return (
    <Card
      title={
        <>
          {t.pilot.organisation}: <Zh>{pilot.organisation.name}</Zh>
        </>
      }
      extra={pilot.organisation.code}
      style={{ marginTop: 24 }}
    >
      <Table<Person>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={pilot.people}
        locale={emptyLocale(t.empty.pilotPeople, undefined, true)}
        pagination={false}
        title={() => t.pilot.people}
      />
    </Card>
  );
}
