import { MAP_METRICS, metricValue, type Dashboard, type DashboardQuery, type MapMetric, type TrafficLight } from '@smartcity/domain';
import { Badge, Card, Col, Radio, Row, Table, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { PilotFilters } from '../../api/types';
import { ChinaMap } from '../../components/ChinaMap';
import { Zh } from '../../components/Zh';
import { useI18n } from '../../i18n';
import { registryLink } from './links';
import { ExportButtons } from '../../components/ExportButtons';

type ProvinceRow = Dashboard['provinces'][number];

function metricFilter(metric: MapMetric, year: number | null): PilotFilters {
  switch (metric) {
    case 'signedShare':
      return { taskBook: 'signed' };
    case 'onTimeShare':
      return year === null ? {} : { report: 'overdue', year };
    case 'openFindings':
      return { findings: 'open' };
    default:
      return {};
  }
}

const LIGHT_STATUS: Record<TrafficLight, 'success' | 'warning' | 'error'> = { green: 'success', amber: 'warning', red: 'error' };

/** The China map, coloured by a chosen metric, beside the province table with its traffic lights. */
export function ProvinceOverview({ data, query }: { data: Dashboard; query: DashboardQuery }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [metric, setMetric] = useState<MapMetric>('pilots');
  const values = useMemo(
    () =>
      Object.fromEntries(
        data.provinces.flatMap((p) => (metricValue(metric, p) === null ? [] : [[p.provinceCode, metricValue(metric, p)!]])),
      ),
    [data, metric],
  );
  const link = (provinceCode: string, extra: PilotFilters = {}) => registryLink({ ...query, province: provinceCode }, extra);
  const number = (value: number | null, to: string) => (value === null ? t.dashboard.none : <Link to={to}>{value}</Link>);

  const columns: TableColumnsType<ProvinceRow> = [
    {
      title: t.dashboard.light,
      key: 'light',
      render: (_, p) => <Badge status={LIGHT_STATUS[p.light]} text={t.dashboard.lights[p.light]} />,
    },
    { title: t.dashboard.province, key: 'province', render: (_, p) => <Zh>{p.provinceName}</Zh> },
    { title: t.dashboard.metric.pilots, key: 'pilots', align: 'right', render: (_, p) => number(p.pilots, link(p.provinceCode)) },
    {
      title: t.dashboard.metric.signedShare,
      key: 'signed',
      align: 'right',
      render: (_, p) => number(metricValue('signedShare', p), link(p.provinceCode, { taskBook: 'signed' })),
    },
    {
      title: t.dashboard.metric.onTimeShare,
      key: 'onTime',
      align: 'right',
      render: (_, p) =>
        number(metricValue('onTimeShare', p), link(p.provinceCode, data.year === null ? {} : { report: 'due', year: data.year })),
    },
    {
      title: t.dashboard.report.overdue,
      key: 'overdue',
      align: 'right',
      render: (_, p) => number(p.reports.overdue, link(p.provinceCode, data.year === null ? {} : { report: 'overdue', year: data.year })),
    },
    {
      title: t.dashboard.metric.openFindings,
      key: 'findings',
      align: 'right',
      render: (_, p) => number(p.openFindings, link(p.provinceCode, { findings: 'open' })),
    },
    { title: t.dashboard.metric.averageStars, key: 'stars', align: 'right', render: (_, p) => p.averageStars ?? t.dashboard.none },
  ];

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={10}>
        <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t.dashboard.map}</h2>}>
          <Radio.Group
            data-testid="map-metric"
            aria-label={t.dashboard.mapMetric}
            optionType="button"
            size="small"
            value={metric}
            onChange={(e) => setMetric(e.target.value as MapMetric)}
            options={MAP_METRICS.map((k) => ({ value: k, label: t.dashboard.metric[k] }))}
            style={{ marginBottom: 8 }}
          />
          <ChinaMap
            counts={values}
            valueLabel={t.dashboard.metric[metric]}
            label={`${t.dashboard.map}: ${t.dashboard.metric[metric]}`}
            height={380}
            onSelect={(code) => navigate(link(code, metricFilter(metric, data.year)))}
          />
        </Card>
      </Col>
      <Col xs={24} xl={14}>
        <Card
          size="small"
          title={<h2 style={{ fontSize: 16, margin: 0 }}>{t.dashboard.provinces}</h2>}
          extra={<ExportButtons list="/api/dashboard/provinces" query={query} />}
        >
          <Table<ProvinceRow>
            data-testid="province-table"
            rowKey="provinceCode"
            size="small"
            scroll={{ x: 'max-content' }}
            columns={columns}
            dataSource={data.provinces}
            pagination={false}
            footer={() => t.dashboard.lightRule}
          />
        </Card>
      </Col>
    </Row>
  );
}
