import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Table, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useCalls } from '../../api/calls';
import { useSession } from '../../api/session';
import type { CallView } from '../../api/types';
import { useI18n } from '../../i18n';
import { TodoCard } from '../todos/TodoCard';
import { CallCreateModal } from './CallCreateModal';
import { zh } from '../../components/Zh';
import { sortBy } from '../../components/sorting';
import { emptyLocale } from '../../components/EmptyState';
import { CALL_STATUSES } from '@smartcity/domain';
import { statusColumn } from '../../components/columns';

export function CallListPage() {
  const { t } = useI18n();
  const c = t.call;
  const navigate = useNavigate();
  const session = useSession().data;
  const calls = useCalls();
  const [creating, setCreating] = useState(false);
  const isMinistryAdmin = session?.can.createCall;
  const isApplicant = session?.can.apply;

  // in the card's header, and again in the empty list's illustration
  const create = (testId: string) =>
    isMinistryAdmin && (
      <Button type="primary" icon={<PlusOutlined />} data-testid={testId} onClick={() => setCreating(true)}>
        {c.create}
      </Button>
    );
  const columns: TableColumnsType<CallView> = [
    { title: c.year, dataIndex: 'year', width: 90, ...sortBy((x) => x.year) },
    { title: c.title, dataIndex: 'title', render: zh, ...sortBy((x) => x.title) },
    { title: c.window, key: 'window', render: (_, x) => `${x.opensOn} — ${x.closesOn}`, ...sortBy((x) => x.opensOn) },
    { title: c.quota, dataIndex: 'quotaPerProvince', width: 130, ...sortBy((x) => x.quotaPerProvince) },
    { ...statusColumn<CallView>(c.status, 'callStatus', CALL_STATUSES), width: 110 },
  ];

  return (
    <>
      {isApplicant && <TodoCard />}
      <Card title={c.list} extra={create('call-create')}>
        {calls.error && <Alert type="error" showIcon title={calls.error.message} />}
        <Table<CallView>
          data-testid="call-table"
          rowKey="id"
          columns={columns}
          dataSource={calls.data?.items}
          loading={calls.isFetching}
          pagination={false}
          locale={emptyLocale(t.empty.calls, create('call-create-empty'))}
          onRow={(x) => ({ onClick: () => navigate(`/app/calls/${x.id}`), style: { cursor: 'pointer' } })}
        />
      </Card>
      {creating && <CallCreateModal onClose={() => setCreating(false)} />}
    </>
  );
}
