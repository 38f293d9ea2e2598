import { Alert, Card, Table, type TableColumnsType } from 'antd';
import { useNavigate } from 'react-router';
import { useAgreements } from '../../api/agreements';
import { useSession } from '../../api/session';
import { AgreementCreateModal } from './AgreementCreateModal';
import type { AgreementSummary } from '../../api/types';
import { StateTag } from '../../components/StateTag';
import { useI18n } from '../../i18n';

export function AgreementListPage() {
  const { t } = useI18n();
  const g = t.agreement;
  const navigate = useNavigate();
  const list = useAgreements();
  const session = useSession();
  const columns: TableColumnsType<AgreementSummary> = [
    { title: g.province, key: 'province', render: (_, a) => a.province.name },
    { title: g.government, key: 'government', render: (_, a) => a.government.name },
    { title: g.status, dataIndex: 'status', render: (s: string) => <StateTag labels="agreementStatus" status={s} /> },
    { title: t.taskBook.updatedAt, dataIndex: 'updatedAt', render: (v: string) => v.slice(0, 16).replace('T', ' ') },
  ];
  return (
    <Card title={g.list} extra={session.data?.can.createAgreement && <AgreementCreateModal />}>
      {list.error && <Alert type="error" showIcon title={list.error.message} />}
      <Table<AgreementSummary>
        data-testid="agreement-table"
        rowKey="id"
        columns={columns}
        dataSource={list.data?.items}
        loading={list.isFetching}
        pagination={false}
        onRow={(a) => ({ onClick: () => navigate(`/app/agreements/${a.id}`), style: { cursor: 'pointer' } })}
      />
    </Card>
  );
}
