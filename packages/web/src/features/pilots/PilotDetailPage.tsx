import { ArrowLeftOutlined, EditOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Result, Space, Spin, Table, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { usePilot } from '../../api/pilots';
import type { Person, PilotDetail } from '../../api/types';
import { useI18n } from '../../i18n';
import { PilotTaskBookCard } from '../task-books/PilotTaskBookCard';
import { PilotActions } from './PilotActions';
import { PilotEditModal } from './PilotEditModal';
import { StatusTag } from './StatusTag';

export function PilotDetailPage() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  const query = usePilot(id);
  const [editing, setEditing] = useState(false);

  if (query.isPending) return <Spin size="large" />;
  if (query.error) return <Result status="warning" title={query.error.message} extra={<BackLink />} />;
  const pilot = query.data;

  return (
    <div data-testid="pilot-detail">
      <Card
        title={
          <Space>
            <BackLink />
            {pilot.publishedName}
            <StatusTag status={pilot.status} />
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
      <PilotTaskBookCard pilot={pilot} />
      <OrganisationCard pilot={pilot} />
      {editing && <PilotEditModal pilot={pilot} onClose={() => setEditing(false)} onReload={() => void query.refetch()} />}
    </div>
  );
}

function BackLink() {
  const { t } = useI18n();
  return (
    <Link to="/app/pilots" title={t.pilot.back}>
      <ArrowLeftOutlined />
    </Link>
  );
}

function PilotDescriptions({ pilot }: { pilot: PilotDetail }) {
  const { t, m } = useI18n();
  const items = [
    { key: 'publishedName', label: t.pilot.publishedName, children: pilot.publishedName },
    { key: 'officialName', label: t.pilot.officialName, children: pilot.officialName ?? '—' },
    { key: 'adminCode', label: t.pilot.adminCode, children: pilot.adminCode ?? '—' },
    { key: 'province', label: t.pilot.province, children: pilot.provinceName },
    { key: 'kind', label: t.pilot.kind, children: m.pilotKind[pilot.kind] },
    { key: 'batch', label: t.pilot.batch, children: pilot.batchName },
    { key: 'status', label: t.pilot.status, children: <StatusTag status={pilot.status} /> },
    { key: 'supervisor', label: t.pilot.supervisor, children: pilot.supervisor.name },
    { key: 'version', label: t.pilot.version, children: pilot.version },
    { key: 'note', label: t.pilot.note, children: <span style={{ whiteSpace: 'pre-wrap' }}>{pilot.note ?? '—'}</span>, span: 2 },
  ];
  return <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} items={items} />;
}

function OrganisationCard({ pilot }: { pilot: PilotDetail }) {
  const { t, m } = useI18n();
  const columns: TableColumnsType<Person> = [
    { title: t.person.displayName, dataIndex: 'displayName' },
    { title: t.person.username, dataIndex: 'username' },
    {
      title: t.person.roles,
      dataIndex: 'roles',
      render: (roles: Person['roles']) => roles.map((r) => <Tag key={r}>{m.role[r]}</Tag>),
    },
  ];
  return (
    <Card title={`${t.pilot.organisation}：${pilot.organisation.name}`} extra={pilot.organisation.code} style={{ marginTop: 24 }}>
      <Table<Person> rowKey="id" size="small" columns={columns} dataSource={pilot.people} pagination={false} title={() => t.pilot.people} />
    </Card>
  );
}
