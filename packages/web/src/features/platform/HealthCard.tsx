import { Alert, Card, Table, Typography, type TableColumnsType } from 'antd';
import { usePlatformHealth, type PlatformHealth } from '../../api/platform';
import { emptyLocale } from '../../components/EmptyState';
import { sortBy } from '../../components/sorting';
import { Zh } from '../../components/Zh';
import { fmt, useI18n } from '../../i18n';
import { answerDaysText, percentText, publishedOf, shareOf } from './figures';

/**
 * 平台运行情况: each city platform the reader sees — its own city's, its province's pilots' or every one — with who
 * provides data, how much is shared and fresh, whether requests are answered in time and how much is used.
 */
export function HealthCard() {
  const { t } = useI18n();
  const p = t.platform;
  const health = usePlatformHealth();
  const columns: TableColumnsType<PlatformHealth> = [
    { title: p.health.pilot, dataIndex: ['pilot', 'name'], render: (v: string) => <Zh>{v}</Zh> },
    {
      title: p.health.connected,
      key: 'connected',
      align: 'right',
      render: (_, h) => `${h.connected} / ${h.departments}`,
      ...sortBy<PlatformHealth>((h) => shareOf(h.connected, h.departments)),
    },
    {
      title: p.health.published,
      key: 'published',
      align: 'right',
      render: (_, h) => fmt(p.health.byClass, { total: publishedOf(h), ...h.published }),
      ...sortBy<PlatformHealth>(publishedOf),
    },
    {
      title: p.health.fresh,
      key: 'fresh',
      align: 'right',
      render: (_, h) => percentText(shareOf(h.fresh, publishedOf(h))),
      ...sortBy<PlatformHealth>((h) => shareOf(h.fresh, publishedOf(h))),
    },
    {
      title: p.health.waiting,
      key: 'waiting',
      align: 'right',
      render: (_, h) =>
        h.overdue > 0 ? (
          <Typography.Text type="danger">{fmt(p.health.overdue, { waiting: h.waiting, overdue: h.overdue })}</Typography.Text>
        ) : (
          h.waiting
        ),
      ...sortBy<PlatformHealth>((h) => h.overdue * 1000 + h.waiting),
    },
    {
      title: p.health.answerDays,
      key: 'answerDays',
      align: 'right',
      render: (_, h) => answerDaysText(h),
    },
    {
      title: p.health.usage,
      key: 'usage',
      align: 'right',
      render: (_, h) => fmt(p.health.usageOf, { calls: h.calls, consumers: h.consumers, rowsServed: h.rowsServed }),
      ...sortBy<PlatformHealth>((h) => h.calls),
    },
  ];
  return (
    <Card
      style={{ marginBottom: 24 }}
      title={
        <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
          {p.health.title}
        </Typography.Title>
      }
    >
      <Typography.Paragraph type="secondary">{p.health.help}</Typography.Paragraph>
      {health.error && <Alert type="error" showIcon title={health.error.message} />}
      <Table<PlatformHealth>
        data-testid="health-table"
        rowKey={(h) => h.pilot.id}
        size="middle"
        columns={columns}
        dataSource={health.data?.items}
        loading={health.isFetching}
        locale={emptyLocale(p.health.empty)}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: true }}
      />
    </Card>
  );
}
