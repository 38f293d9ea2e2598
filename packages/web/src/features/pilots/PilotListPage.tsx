import type { PilotSort } from '@smartcity/domain';
import { Card, Col, Row, Space, Table, type TableColumnsType } from 'antd';
import { useMemo } from 'react';
import { useNavigate } from 'react-router';
import { usePilots, usePilotStats } from '../../api/pilots';
import { useSession } from '../../api/session';
import type { Pilot } from '../../api/types';
import { ChinaMap } from '../../components/ChinaMap';
import { serverSorted, sortOfHeader } from '../../components/sorting';
import { Zh } from '../../components/Zh';
import { fmt, useI18n } from '../../i18n';
import { TodoCard } from '../todos/TodoCard';
import { PilotFiltersBar } from './PilotFiltersBar';
import { StatusTag } from './StatusTag';
import { usePilotFilters } from './usePilotFilters';
import { emptyLocale } from '../../components/EmptyState';
import { ExportButtons } from '../../components/ExportButtons';
import { BatchImport } from './BatchImport';

export function PilotListPage() {
  const { t, m } = useI18n();
  const navigate = useNavigate();
  const session = useSession().data;
  const { filters, page, pageSize, setFilter, setFilters, setPage } = usePilotFilters();
  const { province, sort, ...mapFilters } = filters;
  const pilots = usePilots(filters, page, pageSize);
  const stats = usePilotStats(mapFilters);
  const counts = useMemo(() => Object.fromEntries((stats.data?.items ?? []).map((s) => [s.provinceCode, s.count])), [stats.data]);

  // sorting is the server's (the list is paged there)
  const sorted = (key: string) => serverSorted(sort, key);
  const columns: TableColumnsType<Pilot> = [
    { title: t.pilot.seq, dataIndex: 'seq', width: 72, ...sorted('seq') },
    { title: t.pilot.publishedName, dataIndex: 'publishedName', render: (name: string) => <Zh>{name}</Zh>, ...sorted('name') },
    { title: t.pilot.province, dataIndex: 'provinceName', render: (name: string) => <Zh>{name}</Zh>, ...sorted('province') },
    { title: t.pilot.kind, dataIndex: 'kind', render: (kind: Pilot['kind']) => m.pilotKind[kind], ...sorted('kind') },
    { title: t.pilot.batch, dataIndex: 'batchYear', render: (year: number) => fmt(t.filters.batchLabel, { year }), ...sorted('batch') },
    { title: t.pilot.status, dataIndex: 'status', render: (status: Pilot['status']) => <StatusTag status={status} />, ...sorted('status') },
  ];

  return (
    <>
      <TodoCard />
      <Card
        title={t.menu.pilots}
        extra={
          <Space wrap>
            {session?.can.importPilots && <BatchImport />}
            <ExportButtons list="/api/pilots" query={filters} />
          </Space>
        }
      >
        <PilotFiltersBar filters={filters} setFilter={setFilter} setFilters={setFilters} />
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
                locale={emptyLocale(t.empty.pilots)}
                onChange={(_pagination, _filters, sorter, extra) =>
                  extra.action === 'sort' && setFilter('sort', sortOfHeader(sorter) as PilotSort | null)
                }
                onRow={(pilot) => ({ onClick: () => navigate(`/app/pilots/${pilot.id}`), style: { cursor: 'pointer' } })}
                pagination={{
                  current: page,
                  pageSize,
                  total: pilots.data?.total ?? 0,
                  showSizeChanger: true,
                  showTotal: (total) => fmt(pilots.data?.totalExact === false ? t.pilot.totalAbout : t.pilot.total, { total }),
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
