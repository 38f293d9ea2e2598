import { Alert, Card, Space, Table, type TableColumnsType } from 'antd';
import { useNavigate } from 'react-router';
import { useAgreements } from '../../api/agreements';
import { useSession } from '../../api/session';
import { AgreementCreateModal } from './AgreementCreateModal';
import type { AgreementSummary } from '../../api/types';
import { useI18n } from '../../i18n';
import { Zh } from '../../components/Zh';
import { sortBy, useTableOrder } from '../../components/sorting';
import { emptyLocale } from '../../components/EmptyState';
import { AGREEMENT_STATUSES } from '@smartcity/domain';
import { statusColumn, timeColumn } from '../../components/columns';
import { ExportButtons } from '../../components/ExportButtons';

export function AgreementListPage() {
  const { t } = useI18n();
  const order = useTableOrder<AgreementSummary>();
  const g = t.agreement;
  const navigate = useNavigate();
  const list = useAgreements();
  const session = useSession();
  const columns: TableColumnsType<AgreementSummary> = [
    { title: g.province, key: 'province', render: (_, a) => <Zh>{a.province.name}</Zh>, ...sortBy((a) => a.province.name) },
    { title: g.government, key: 'government', render: (_, a) => <Zh>{a.government.name}</Zh>, ...sortBy((a) => a.government.name) },
    statusColumn<AgreementSummary>(g.status, 'agreementStatus', AGREEMENT_STATUSES),
    timeColumn<AgreementSummary>(t.taskBook.updatedAt, 'updatedAt'),
  ];
  return (
    <Card
      title={g.list}
      extra={
        <Space wrap>
          {session.data?.can.createAgreement && <AgreementCreateModal />}
          <ExportButtons list="/api/agreements" query={{ sort: order.sort }} />
        </Space>
      }
    >
      {list.error && <Alert type="error" showIcon title={list.error.message} />}
      <Table<AgreementSummary>
        onChange={order.onChange}
        data-testid="agreement-table"
        rowKey="id"
        columns={columns}
        dataSource={list.data?.items}
        loading={list.isFetching}
        locale={emptyLocale(t.empty.agreements)}
        pagination={false}
        onRow={(a) => ({ onClick: () => navigate(`/app/agreements/${a.id}`), style: { cursor: 'pointer' } })}
      />
    </Card>
  );
}
