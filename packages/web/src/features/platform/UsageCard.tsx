import { Alert, Card, Col, Row, Table } from 'antd';
import { useMemo } from 'react';
import { useUsage, type Usage } from '../../api/platform';
import { emptyLocale } from '../../components/EmptyState';
import { Zh } from '../../components/Zh';
import { useI18n } from '../../i18n';
import { BarChart } from '../dashboards/BarChart';

/**
 * 使用情况: the last 30 days' calls and rows served, by day and by consuming department (bars, each with the same
 * figures in a table for screen readers).
 */
export function UsageCard({ resourceId }: { resourceId: string }) {
  const { t } = useI18n();
  const p = t.platform;
  const usage = useUsage(resourceId);
  const byDay = usage.data?.byDay;
  const categories = useMemo(() => byDay?.map((d) => d.day.slice(5)) ?? [], [byDay]);
  const series = useMemo(
    () => [
      { name: p.calls, data: byDay?.map((d) => d.calls) ?? [], color: '#1677ff' },
      { name: p.rowsServed, data: byDay?.map((d) => d.rows) ?? [], color: '#52c41a' },
    ],
    [byDay, p.calls, p.rowsServed],
  );
  const byConsumer = usage.data?.byConsumer;
  const consumerSeries = useMemo(
    () => [
      { name: p.calls, data: byConsumer?.map((c) => c.calls) ?? [], color: '#1677ff' },
      { name: p.apiKeyCalls, data: byConsumer?.map((c) => c.apiKeyCalls) ?? [], color: '#faad14' },
    ],
    [byConsumer, p.calls, p.apiKeyCalls],
  );
  return (
    <Card
      title={p.usage}
      style={{ marginBottom: 24 }}
      loading={usage.isPending}
      data-testid="resource-usage"
      extra={
        <a href={`/api/platform/resources/${resourceId}/usage/export`} download data-testid="usage-export">
          {p.usageExport}
        </a>
      }
    >
      {usage.error && <Alert type="error" showIcon title={usage.error.message} />}
      {byDay && byDay.length > 0 && <BarChart testId="usage-chart" categories={categories} series={series} />}
      <Row gutter={[24, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} lg={10}>
          <Table<Usage['byDay'][number]>
            data-testid="usage-by-day"
            size="small"
            rowKey="day"
            dataSource={byDay}
            pagination={{ pageSize: 7, hideOnSinglePage: true }}
            locale={emptyLocale(p.emptyUsage, undefined, true)}
            columns={[
              { title: p.day, dataIndex: 'day' },
              { title: p.calls, dataIndex: 'calls', align: 'right' },
              { title: p.rowsServed, dataIndex: 'rows', align: 'right' },
            ]}
          />
        </Col>
        <Col xs={24} lg={14}>
          {byConsumer && byConsumer.length > 0 && (
            <BarChart testId="usage-consumer-chart" categories={byConsumer.map((c) => c.name)} series={consumerSeries} />
          )}
          <Table<Usage['byConsumer'][number]>
            data-testid="usage-by-consumer"
            size="small"
            rowKey="organisationId"
            dataSource={byConsumer}
            pagination={{ pageSize: 7, hideOnSinglePage: true }}
            locale={emptyLocale(p.emptyUsage, undefined, true)}
            columns={[
              { title: p.consumer, dataIndex: 'name', render: (v: string) => <Zh>{v}</Zh> },
              { title: p.calls, dataIndex: 'calls', align: 'right' },
              { title: p.apiKeyCalls, dataIndex: 'apiKeyCalls', align: 'right' },
              { title: p.rowsServed, dataIndex: 'rows', align: 'right' },
            ]}
          />
        </Col>
      </Row>
    </Card>
  );
}
