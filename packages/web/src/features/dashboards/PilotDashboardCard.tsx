import { Card, Col, Empty, Row, Statistic, Table, type TableColumnsType } from 'antd';
import type { PilotDashboard } from '@smartcity/domain';
import { usePilotDashboard } from '../../api/dashboards';
import { Zh } from '../../components/Zh';
import { FundingChart } from './FundingChart';
import { useI18n } from '../../i18n';

type Indicator = PilotDashboard['indicators'][number];
const value = (v: number | null, none: string) => (v === null ? none : v);

/** A pilot's own progress: key projects, funding by year and each indicator's actual against its target. */
export function PilotDashboardCard({ pilotId }: { pilotId: string }) {
  const { t } = useI18n();
  const query = usePilotDashboard(pilotId);
  const d = query.data;
  const years = [...new Set(d?.indicators.flatMap((i) => i.years.map((y) => y.year)) ?? [])].sort();
  const columns: TableColumnsType<Indicator> = [
    {
      title: t.dashboard.indicator,
      key: 'name',
      fixed: 'left',
      render: (_, i) => (
        <>
          <Zh>{i.name}</Zh>
          {i.unit && (
            <>
              {' ('}
              <Zh>{i.unit}</Zh>)
            </>
          )}
        </>
      ),
    },
    ...years.map((year) => ({
      title: String(year),
      key: String(year),
      children: [
        {
          title: t.dashboard.target,
          key: `${year}-t`,
          render: (_: unknown, i: Indicator) => value(i.years.find((y) => y.year === year)?.target ?? null, t.dashboard.none),
        },
        {
          title: t.dashboard.actual,
          key: `${year}-a`,
          render: (_: unknown, i: Indicator) => value(i.years.find((y) => y.year === year)?.actual ?? null, t.dashboard.none),
        },
      ],
    })),
  ];
  return (
    <Card
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{t.dashboard.pilotTitle}</h2>}
      loading={query.isPending}
      data-testid="pilot-dashboard"
    >
      {d && !d.signed && <Empty description={t.dashboard.notSigned} />}
      {d?.signed && (
        <Row gutter={[24, 16]}>
          <Col xs={24} lg={8}>
            <h3 style={{ fontSize: 14 }}>{t.dashboard.projects}</h3>
            <Row gutter={16}>
              <Col span={8}>
                <Statistic title={t.dashboard.projectsPlanned} value={d.projects.planned} />
              </Col>
              <Col span={8}>
                <Statistic title={t.dashboard.projectsReported} value={d.projects.reported} />
              </Col>
              <Col span={8}>
                <Statistic title={t.dashboard.projectsCompleted} value={d.projects.completed} />
              </Col>
            </Row>
          </Col>
          <Col xs={24} lg={16}>
            <h3 style={{ fontSize: 14 }}>{t.dashboard.funding}</h3>
            <FundingChart funding={d.funding} />
            <Table
              data-testid="pilot-funding"
              rowKey="year"
              size="small"
              pagination={false}
              dataSource={d.funding}
              columns={[
                { title: t.dashboard.yearColumn, dataIndex: 'year' },
                { title: t.dashboard.fundingPlanned, dataIndex: 'planned', align: 'right' },
                { title: t.dashboard.fundingSpent, dataIndex: 'spent', align: 'right' },
              ]}
            />
          </Col>
          <Col span={24}>
            <h3 style={{ fontSize: 14 }}>{t.dashboard.indicators}</h3>
            <Table<Indicator>
              data-testid="pilot-indicators"
              rowKey="id"
              size="small"
              bordered
              scroll={{ x: 'max-content' }}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              dataSource={d.indicators}
              columns={columns}
            />
          </Col>
        </Row>
      )}
    </Card>
  );
}
