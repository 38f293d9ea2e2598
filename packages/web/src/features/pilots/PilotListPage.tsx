import { Card, Col, Row, Table, type TableColumnsType } from 'antd';
import { useMemo } from 'react';
import { useNavigate } from 'react-router';
import { usePilots, usePilotStats } from '../../api/pilots';
import type { Pilot } from '../../api/types';
import { ChinaMap } from '../../components/ChinaMap';
import { fmt, useI18n } from '../../i18n';
import { TodoCard } from '../todos/TodoCard';
import { PilotFiltersBar } from './PilotFiltersBar';
import { StatusTag } from './StatusTag';
import { usePilotFilters } from './usePilotFilters';

export function PilotListPage() {
  const { t, m } = useI18n();
  const navigate = useNavigate();
  const { filters, page, pageSize, setFilter, setPage } = usePilotFilters();
  const { province, ...mapFilters } = filters;
  const pilots = usePilots(filters, page, pageSize);
  const stats = usePilotStats(mapFilters);
  const counts = useMemo(() => Object.fromEntries((stats.data?.items ?? []).map((s) => [s.provinceCode, s.count])), [stats.data]);

  const columns: TableColumnsType<Pilot> = [
    { title: t.pilot.seq, dataIndex: 'seq', width: 72 },
    { title: t.pilot.publishedName, dataIndex: 'publishedName' },
    { title: t.pilot.province, dataIndex: 'provinceName' },
    { title: t.pilot.kind, dataIndex: 'kind', render: (kind: Pilot['kind']) => m.pilotKind[kind] },
    { title: t.pilot.batch, dataIndex: 'batchName' },
    { title: t.pilot.status, dataIndex: 'status', render: (status: Pilot['status']) => <StatusTag status={status} /> },
  ];

  return (
    <>
      <TodoCard />
      <Card title={t.menu.pilots}>
        <PilotFiltersBar filters={filters} setFilter={setFilter} />
        <Row gutter={[24, 24]} style={{ marginTop: 16 }}>
          <Col xs={24} xl={9}>
            <ChinaMap counts={counts} selected={province} onSelect={(code) => setFilter('province', code === province ? null : code)} />
          </Col>
          <Col xs={24} xl={15}>
            <div data-testid="pilot-table" aria-busy={pilots.isFetching}>
              <Table<Pilot>
                rowKey="id"
                size="middle"
                columns={columns}
                dataSource={pilots.data?.items}
                loading={pilots.isFetching}
                onRow={(pilot) => ({ onClick: () => navigate(`/app/pilots/${pilot.id}`), style: { cursor: 'pointer' } })}
                pagination={{
                  current: page,
                  pageSize,
                  total: pilots.data?.total ?? 0,
                  showSizeChanger: true,
                  showTotal: (total) => fmt(t.pilot.total, { total }),
                  onChange: setPage,
                }}
              />
            </div>
          </Col>
        </Row>
      </Card>
    </>
  );
}
