import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Table, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useCalls } from '../../api/calls';
import { useSession } from '../../api/session';
import type { CallView } from '../../api/types';
import { StateTag } from '../../components/StateTag';
import { useI18n } from '../../i18n';
import { TodoCard } from '../todos/TodoCard';
import { CallCreateModal } from './CallCreateModal';

export function CallListPage() {
  const { t } = useI18n();
  const c = t.call;
  const navigate = useNavigate();
  const session = useSession().data;
  const calls = useCalls();
  const [creating, setCreating] = useState(false);
  const isMinistryAdmin = session?.can.createCall;
  const isApplicant = session?.can.apply;

  const columns: TableColumnsType<CallView> = [
    { title: c.year, dataIndex: 'year', width: 90 },
    { title: c.title, dataIndex: 'title' },
    { title: c.window, key: 'window', render: (_, x) => `${x.opensOn} — ${x.closesOn}` },
    { title: c.quota, dataIndex: 'quotaPerProvince', width: 130 },
    { title: c.status, dataIndex: 'status', width: 110, render: (s: string) => <StateTag labels="callStatus" status={s} /> },
  ];

  return (
    <>
      {isApplicant && <TodoCard />}
      <Card
        title={c.list}
        extra={
          isMinistryAdmin && (
            <Button type="primary" icon={<PlusOutlined />} data-testid="call-create" onClick={() => setCreating(true)}>
              {c.create}
            </Button>
          )
        }
      >
        {calls.error && <Alert type="error" showIcon title={calls.error.message} />}
        <Table<CallView>
          data-testid="call-table"
          rowKey="id"
          columns={columns}
          dataSource={calls.data?.items}
          loading={calls.isFetching}
          pagination={false}
          locale={{ emptyText: c.noCalls }}
          onRow={(x) => ({ onClick: () => navigate(`/app/calls/${x.id}`), style: { cursor: 'pointer' } })}
        />
      </Card>
      {creating && <CallCreateModal onClose={() => setCreating(false)} />}
    </>
  );
}
