import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Space, Table, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useInspections } from '../../api/inspections';
import { useSession } from '../../api/session';
import type { InspectionSummary } from '../../api/types';
import { useI18n } from '../../i18n';
import { InspectionCreateModal } from './InspectionCreateModal';
import { Zh } from '../../components/Zh';
import { sortBy, useTableOrder } from '../../components/sorting';
import { emptyLocale } from '../../components/EmptyState';
import { ExportButtons } from '../../components/ExportButtons';

export function InspectionListPage() {
  const { t } = useI18n();
  const order = useTableOrder<InspectionSummary>();
  const x = t.inspection;
  const navigate = useNavigate();
  const session = useSession().data;
  const list = useInspections({});
  const [creating, setCreating] = useState(false);
  const mayRecord = session?.can.recordInspection;
  // in the card's header, and again in the empty list's illustration
  const create = (testId: string) =>
    mayRecord && (
      <Button type="primary" icon={<PlusOutlined />} data-testid={testId} onClick={() => setCreating(true)}>
        {x.create}
      </Button>
    );
  const columns: TableColumnsType<InspectionSummary> = [
    { title: x.inspectedOn, dataIndex: 'inspectedOn', width: 120, ...sortBy((i) => i.inspectedOn) },
    { title: x.pilot, key: 'pilot', render: (_, i) => <Zh>{i.pilot.name}</Zh>, ...sortBy((i) => i.pilot.name) },
    { title: x.province, key: 'province', render: (_, i) => <Zh>{i.province.name}</Zh>, ...sortBy((i) => i.province.name) },
    {
      title: x.inspectors,
      dataIndex: 'inspectors',
      render: (v: string[]) => <Zh>{v.join('、')}</Zh>,
      ...sortBy((i) => i.inspectors.join('、')),
    },
  ];
  return (
    <>
      <Card
        title={x.list}
        extra={
          <Space wrap>
            {create('inspection-create')}
            <ExportButtons list="/api/inspections" query={{ sort: order.sort }} />
          </Space>
        }
      >
        {list.error && <Alert type="error" showIcon title={list.error.message} />}
        <Table<InspectionSummary>
          onChange={order.onChange}
          data-testid="inspection-table"
          rowKey="id"
          columns={columns}
          dataSource={list.data?.items}
          loading={list.isFetching}
          locale={emptyLocale(t.empty.inspections, create('inspection-create-empty'))}
          pagination={false}
          onRow={(i) => ({ onClick: () => navigate(`/app/inspections/${i.id}`), style: { cursor: 'pointer' } })}
        />
      </Card>
      {creating && <InspectionCreateModal onClose={() => setCreating(false)} />}
    </>
  );
}
