import { Alert, Card, Select, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { usePlatformHealth, usePlatformYears, type PlatformYear } from '../../api/platform';
import { emptyLocale } from '../../components/EmptyState';
import { Zh } from '../../components/Zh';
import { fmt, useI18n } from '../../i18n';
import { BarChart } from '../dashboards/BarChart';
import { percentText, publishedOf, shareOf } from './figures';

// one decimal, as the report's platform values
const share = (part: number, whole: number) => shareOf(part, whole, 1);
export const yearHref = (pilotId: string, year: number) => `/app/platform/years/${pilotId}/${year}`;

/**
 * 历年运行情况: a platform's figures year by year — departments connected and resources fresh (bars, with the same
 * figures in the table for screen readers), calls — each year linked to its evidence page.
 */
export function PlatformYearsCard() {
  const { t } = useI18n();
  const p = t.platform;
  const health = usePlatformHealth();
  const pilots = health.data?.items.map((h) => h.pilot) ?? [];
  const [chosen, setChosen] = useState<string>();
  const pilotId = chosen ?? pilots[0]?.id;
  const years = usePlatformYears(pilotId);
  const items = years.data?.items;
  const series = useMemo(
    () => [
      {
        name: p.years.connectedShare,
        data: items?.map((y) => share(y.figures.connected, y.figures.departments) ?? 0) ?? [],
        color: '#1677ff',
      },
      { name: p.years.freshShare, data: items?.map((y) => share(y.figures.fresh, publishedOf(y.figures)) ?? 0) ?? [], color: '#52c41a' },
    ],
    [items, p.years.connectedShare, p.years.freshShare],
  );
  const columns: TableColumnsType<PlatformYear> = [
    {
      title: p.years.year,
      dataIndex: 'year',
      render: (year: number, y) => (
        <Link to={yearHref(y.pilot.id, year)} data-testid={`platform-year-${year}`}>
          {y.complete ? year : fmt(p.years.inProgress, { year })}
        </Link>
      ),
    },
    { title: p.health.connected, key: 'connected', align: 'right', render: (_, y) => `${y.figures.connected} / ${y.figures.departments}` },
    {
      title: p.years.connectedShare,
      key: 'share',
      align: 'right',
      render: (_, y) => percentText(share(y.figures.connected, y.figures.departments)),
    },
    { title: p.health.published, key: 'published', align: 'right', render: (_, y) => publishedOf(y.figures) },
    {
      title: p.years.freshShare,
      key: 'fresh',
      align: 'right',
      render: (_, y) => percentText(share(y.figures.fresh, publishedOf(y.figures))),
    },
    { title: p.years.calls, key: 'calls', align: 'right', render: (_, y) => y.figures.calls },
    { title: p.years.digest, dataIndex: 'digest', render: (d: string) => <Typography.Text code>{d.slice(0, 16)}…</Typography.Text> },
  ];
  return (
    <Card
      style={{ marginBottom: 24 }}
      title={
        <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
          {p.years.title}
        </Typography.Title>
      }
      extra={
        pilots.length > 1 && (
          <Space>
            <label htmlFor="platform-years-pilot">{p.years.pilot}</label>
            <Select
              id="platform-years-pilot"
              data-testid="platform-years-pilot"
              style={{ minWidth: 160 }}
              value={pilotId}
              onChange={setChosen}
              options={pilots.map((x) => ({ value: x.id, label: <Zh>{x.name}</Zh> }))}
            />
          </Space>
        )
      }
    >
      <Typography.Paragraph type="secondary">{p.years.help}</Typography.Paragraph>
      {years.error && <Alert type="error" showIcon title={years.error.message} />}
      {items && items.length > 0 && (
        <BarChart testId="platform-years-chart" categories={items.map((y) => String(y.year))} series={series} />
      )}
      <Table<PlatformYear>
        data-testid="platform-years"
        rowKey="year"
        size="small"
        columns={columns}
        dataSource={items}
        loading={years.isFetching}
        locale={emptyLocale(p.years.empty)}
        pagination={false}
        scroll={{ x: true }}
      />
    </Card>
  );
}
