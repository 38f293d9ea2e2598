import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Table, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useInspections } from '../../api/inspections';
import { useSession } from '../../api/session';
import type { InspectionSummary } from '../../api/types';
import { useI18n } from '../../i18n';
import { InspectionCreateModal } from './InspectionCreateModal';

export function InspectionListPage() {
  const { t } = useI18n();
  const x = t.inspection;
  const navigate = useNavigate();
  const session = useSession().data;
  const list = useInspections({});
  const [creating, setCreating] = useState(false);
  const mayRecord = session?.can.recordInspection;
  const columns: TableColumnsType<InspectionSummary> = [
    { title: x.inspectedOn, dataIndex: 'inspectedOn', width: 120 },
    { title: x.pilot, key: 'pilot', render: (_, i) => i.pilot.name },
    { title: x.province, key: 'province', render: (_, i) => i.province.name },
    { title: x.inspectors, dataIndex: 'inspectors', render: (v: string[]) => v.join('、') },
  ];
  return (
    <>
      <Card
        title={x.list}
        extra={
          mayRecord && (
            <Button type="primary" icon={<PlusOutlined />} data-testid="inspection-create" onClick={() => setCreating(true)}>
              {x.create}
            </Button>
          )
        }
      >
        {list.error && <Alert type="error" showIcon title={list.error.message} />}
        <Table<InspectionSummary>
          data-testid="inspection-table"
          rowKey="id"
          columns={columns}
          dataSource={list.data?.items}
          loading={list.isFetching}
          pagination={false}
          onRow={(i) => ({ onClick: () => navigate(`/app/inspections/${i.id}`), style: { cursor: 'pointer' } })}
        />
      </Card>
      {creating && <InspectionCreateModal onClose={() => setCreating(false)} />}
    </>
  );
}
