import { Card, Descriptions, Result, Spin, Table, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { usePlatformYear, type PlatformYear } from '../../api/platform';
import { emptyLocale } from '../../components/EmptyState';
import { PageHeading } from '../../components/PageHeading';
import { beijingTime } from '../../components/time';
import { Zh } from '../../components/Zh';
import { fmt, useI18n, usePageTitle } from '../../i18n';
import { answerDaysText, publishedOf } from './figures';

type Linked = PlatformYear['linked'][number];

/**
 * 平台某年运行情况: where an annual report's platform values link to — the year's figures, the exact JSON digested and its
 * SM3 (how to check it with OpenSSL), and each resource linked to an indicator with the last load of the year behind it.
 */
export function PlatformYearPage() {
  const { t } = useI18n();
  const p = t.platform;
  const { pilotId = '', year = '' } = useParams();
  const query = usePlatformYear(pilotId, year);
  const y = query.data;
  usePageTitle(y ? fmt(p.year.title, { pilot: y.pilot.name, year: y.year }) : null);
  if (query.isPending) return <Spin size="large" />;
  if (query.error) return <Result status="warning" title={query.error.message} extra={<Link to="/app/platform">{p.year.back}</Link>} />;
  const f = y!.figures;
  const columns = [
    {
      title: p.year.resource,
      key: 'resource',
      render: (_: unknown, r: Linked) => (
        <>
          <Zh>{r.name}</Zh>
          <br />
          <Typography.Text type="secondary">{r.code}</Typography.Text>
        </>
      ),
    },
    { title: p.year.indicators, key: 'indicators', render: (_: unknown, r: Linked) => r.indicatorCodes.join('、') },
    { title: p.year.basicDatabase, key: 'basic', render: (_: unknown, r: Linked) => (r.basicDatabase ? <Zh>{r.basicDatabase}</Zh> : '—') },
    {
      title: p.year.fresh,
      key: 'fresh',
      render: (_: unknown, r: Linked) => <Tag color={r.fresh ? 'green' : 'orange'}>{r.fresh ? p.yes : p.no}</Tag>,
    },
    { title: p.year.loadAt, key: 'at', render: (_: unknown, r: Linked) => (r.load ? beijingTime(r.load.at) : p.year.noLoad) },
    {
      title: p.year.fileDigest,
      key: 'digest',
      render: (_: unknown, r: Linked) =>
        r.load && (
          <Typography.Text code copyable={{ text: r.load.digest }}>
            {r.load.digest.slice(0, 16)}…
          </Typography.Text>
        ),
    },
    { title: p.year.rowsAfter, key: 'rows', align: 'right' as const, render: (_: unknown, r: Linked) => r.load?.rowsAfter ?? '—' },
  ];
  return (
    <>
      <Card
        style={{ marginBottom: 24 }}
        title={<PageHeading>{fmt(p.year.title, { pilot: y!.pilot.name, year: y!.year })}</PageHeading>}
        extra={<Link to="/app/platform">{p.year.back}</Link>}
      >
        <Descriptions
          bordered
          size="small"
          column={{ xs: 1, lg: 2 }}
          data-testid="platform-year"
          items={[
            { key: 'from', label: p.year.from, children: beijingTime(y!.from) },
            { key: 'asOf', label: p.year.asOf, children: beijingTime(y!.asOf) },
            { key: 'connected', label: p.health.connected, children: `${f.connected} / ${f.departments}` },
            {
              key: 'published',
              label: p.health.published,
              children: fmt(p.health.byClass, {
                total: publishedOf(f),
                ...f.published,
              }),
            },
            { key: 'fresh', label: p.health.fresh, children: f.fresh },
            { key: 'waiting', label: p.health.waiting, children: fmt(p.health.overdue, { waiting: f.waiting, overdue: f.overdue }) },
            {
              key: 'answer',
              label: p.health.answerDays,
              children: answerDaysText(f),
            },
            {
              key: 'usage',
              label: p.years.calls,
              children: fmt(p.health.usageOf, { calls: f.calls, consumers: f.consumers, rowsServed: f.rowsServed }),
            },
            {
              key: 'digest',
              label: p.year.digest,
              span: 'filled',
              children: (
                <Typography.Text code copyable data-testid="platform-year-digest">
                  {y!.digest}
                </Typography.Text>
              ),
            },
          ]}
        />
        <Typography.Title level={2} style={{ fontSize: 16, marginTop: 24 }}>
          {p.year.canonical}
        </Typography.Title>
        <Typography.Paragraph copyable={{ text: y!.canonical }}>
          <pre data-testid="platform-year-canonical" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', margin: 0 }}>
            {y!.canonical}
          </pre>
        </Typography.Paragraph>
        <Typography.Paragraph type="secondary">{p.year.verify}</Typography.Paragraph>
      </Card>
      <Card
        title={
          <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
            {p.year.linked}
          </Typography.Title>
        }
      >
        <Table<Linked>
          data-testid="platform-year-linked"
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={y!.linked}
          locale={emptyLocale(p.year.emptyLinked)}
          pagination={false}
          scroll={{ x: true }}
        />
      </Card>
    </>
  );
}
