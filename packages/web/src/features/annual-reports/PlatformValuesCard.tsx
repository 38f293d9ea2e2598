import { Alert, App, Button, Card, Table, Typography } from 'antd';
import { Link } from 'react-router';
import { usePilotTrace, useReportPlatformValues, type PlatformValues, type Trace } from '../../api/annualReports';
import type { ReportView } from '../../api/types';
import { emptyLocale } from '../../components/EmptyState';
import { beijingDay } from '../../components/time';
import { Zh } from '../../components/Zh';
import { fmt, useI18n } from '../../i18n';
import { yearHref } from '../platform/PlatformYearsCard';
import type { Indicator } from './draft';

type Value = PlatformValues['items'][number];
type Evidence = Value['evidence'][number];

/** How a value was counted and what proves it, in the reader's language (also the source written on adoption). */
function useWording() {
  const { t } = useI18n();
  const v = t.report.platformValues;
  const basis = (x: Value) => fmt(v[x.measure], { numerator: x.numerator, denominator: x.denominator ?? '' });
  const evidence = (e: Evidence) =>
    e.kind === 'figures' ? fmt(v.figures, { year: e.year }) : fmt(v.load, { resource: e.resource.name, at: beijingDay(e.load.at) });
  const digest = (e: Evidence) => (e.kind === 'figures' ? e.digest : e.load.digest);
  return { v, basis, evidence, digest };
}

/**
 * 城市公共信息平台数据: the values the platform offers for this report's indicators, each with its evidence linked to the
 * year's figures; while the report is a draft its editors adopt one into the indicator's row.
 */
export function PlatformValuesCard(props: {
  report: ReportView;
  editable: boolean;
  onAdopt: (indicatorId: string, patch: Pick<Indicator, 'actual' | 'source' | 'quality'>) => void;
}) {
  const { report, editable, onAdopt } = props;
  const { message } = App.useApp();
  const { v, basis, evidence, digest } = useWording();
  const values = useReportPlatformValues(report.id);
  const nameOf = (id: string) => report.content.indicators.find((i) => i.id === id)?.name ?? id;
  const adopt = (x: Value) => {
    const proof = x.evidence.map((e) => `${evidence(e)} SM3 ${digest(e).slice(0, 16)}`).join('；');
    onAdopt(x.indicatorId, {
      actual: x.value,
      source: fmt(v.source, { basis: basis(x), evidence: proof }).slice(0, 500),
      quality: 'measured',
    });
    void message.success(fmt(v.adopted, { indicator: nameOf(x.indicatorId) }));
  };
  return (
    <Card title={v.title} style={{ marginBottom: 24 }} data-testid="report-platform-values">
      <Typography.Paragraph type="secondary">{v.help}</Typography.Paragraph>
      {values.error && <Alert type="error" showIcon title={values.error.message} />}
      <Table<Value>
        rowKey="indicatorId"
        size="small"
        dataSource={values.data?.items}
        loading={values.isFetching}
        locale={emptyLocale(v.none, undefined, true)}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          { title: v.indicator, key: 'indicator', render: (_, x) => <Zh>{`${x.code} ${nameOf(x.indicatorId)}`}</Zh> },
          {
            title: v.value,
            key: 'value',
            align: 'right',
            render: (_, x) => <span data-testid={`platform-value-${x.code}`}>{x.value === null ? '—' : `${x.value} ${x.unit}`}</span>,
          },
          { title: v.basis, key: 'basis', render: (_, x) => basis(x) },
          {
            title: v.evidence,
            key: 'evidence',
            render: (_, x) =>
              x.evidence.map((e, k) => (
                <div key={k}>
                  {/* underlined: a link beside text must not be told apart by colour alone */}
                  <Link
                    to={yearHref(report.pilot.id, e.year)}
                    data-testid={`platform-evidence-${x.code}`}
                    style={{ textDecoration: 'underline' }}
                  >
                    {evidence(e)}
                  </Link>{' '}
                  <Typography.Text code>{digest(e).slice(0, 12)}…</Typography.Text>
                </div>
              )),
          },
          ...(editable
            ? [
                {
                  title: '',
                  key: 'adopt',
                  render: (_: unknown, x: Value) => (
                    <Button size="small" disabled={x.value === null} data-testid={`platform-adopt-${x.code}`} onClick={() => adopt(x)}>
                      {v.adopt}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <TraceTable pilotId={report.pilot.id} />
    </Card>
  );
}

type Row = { key: string; project: string; indicator: Trace['projects'][number]['indicators'][number] };

/** 追溯: each key project of the signed task book → the indicators it moves → their resources → the platform's yearly values. */
function TraceTable({ pilotId }: { pilotId: string }) {
  const { t } = useI18n();
  const r = t.report.trace;
  const { basis } = useWording();
  const trace = usePilotTrace(pilotId);
  const rows: Row[] = (trace.data?.projects ?? []).flatMap((p) =>
    p.indicators.map((i) => ({ key: `${p.id}:${i.id}`, project: p.name, indicator: i })),
  );
  return (
    <>
      <Typography.Title level={3} style={{ fontSize: 15, marginTop: 24 }}>
        {r.title}
      </Typography.Title>
      {trace.error && <Alert type="error" showIcon title={trace.error.message} />}
      <Table<Row>
        data-testid="report-trace"
        rowKey="key"
        size="small"
        dataSource={rows}
        loading={trace.isFetching}
        locale={emptyLocale(r.empty, undefined, true)}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          { title: r.project, key: 'project', render: (_, x) => <Zh>{x.project}</Zh> },
          { title: r.indicator, key: 'indicator', render: (_, x) => <Zh>{`${x.indicator.code ?? ''} ${x.indicator.name}`}</Zh> },
          {
            title: r.resources,
            key: 'resources',
            render: (_, x) => (x.indicator.resources.length ? <Zh>{x.indicator.resources.map((s) => s.name).join('、')}</Zh> : r.figures),
          },
          ...(trace.data?.years ?? []).map((year, k) => ({
            title: String(year),
            key: String(year),
            render: (_: unknown, x: Row) => {
              const value = x.indicator.values[k]?.value;
              if (!value || value.value === null) return '—';
              return (
                <Link to={yearHref(pilotId, year)} title={basis(value)}>
                  {`${value.value} ${value.unit}`}
                </Link>
              );
            },
          })),
        ]}
      />
    </>
  );
}
