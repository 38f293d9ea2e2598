import { ANALYTICS_COHORTS, type AnalyticsCohort, type AnalyticsSummary, type IndicatorAnalytics } from '@smartcity/domain';
import { Alert, Card, Radio, Select, Space, Spin, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useIndicatorAnalytics } from '../../api/dashboards';
import { usePilots } from '../../api/pilots';
import { useIndicatorSystems, useIndicatorTree } from '../../api/reference';
import type { IndicatorNode } from '../../api/types';
import { EmptyState } from '../../components/EmptyState';
import { Zh } from '../../components/Zh';
import { useAddress } from '../../components/useAddress';
import { fmt, useI18n } from '../../i18n';
import { AnalyticsChart } from './AnalyticsChart';

const level3 = (nodes: IndicatorNode[]): IndicatorNode[] => nodes.flatMap((n) => (n.level === 3 ? [n] : level3(n.children)));
const cohortParam = (v: string | null): AnalyticsCohort =>
  ((ANALYTICS_COHORTS as readonly string[]).find((c) => c === v) as AnalyticsCohort) ?? 'batch';

/** A summary's figures as table cells: the five numbers, or the pilots per answer of a qualitative indicator. */
function useSummaryColumns(qualitative: boolean) {
  const { t } = useI18n();
  const pilots = { title: t.analytics.pilots, dataIndex: 'pilots', align: 'right' as const };
  if (qualitative)
    return [
      pilots,
      {
        title: t.analytics.answers,
        key: 'answers',
        render: (_: unknown, s: AnalyticsSummary) =>
          s.answers.map((a) => fmt(t.analytics.answer, { value: a.value, n: a.pilots })).join(t.listSeparator),
      },
    ];
  const number = (key: 'min' | 'q1' | 'median' | 'q3' | 'max') => ({ title: t.analytics[key], dataIndex: key, align: 'right' as const });
  return [pilots, number('min'), number('q1'), number('median'), number('q3'), number('max')];
}

function CohortLabel({ cohort, group }: { cohort: AnalyticsCohort; group: IndicatorAnalytics['cohorts'][number] }) {
  const { t, m } = useI18n();
  if (cohort === 'batch') return fmt(t.filters.batchLabel, { year: group.key });
  if (cohort === 'kind') return m.pilotKind[group.key as keyof typeof m.pilotKind] ?? group.key;
  return <Zh>{group.name ?? group.key}</Zh>;
}

/** 指标分析: one level-3 indicator across the pilots in view, from accepted annual reports only. */
export function IndicatorAnalyticsPage() {
  const { t } = useI18n();
  const { params, update } = useAddress();
  const set = (key: string, value: string | undefined) => update({ [key]: value });
  const systems = useIndicatorSystems();
  const tree = useIndicatorTree(systems.data?.items[0]?.id);
  const indicators = useMemo(() => level3(tree.data?.items ?? []), [tree.data]);
  const indicator = params.get('indicator') ?? indicators[0]?.id;
  const cohort = cohortParam(params.get('cohort'));
  const pilot = params.get('pilot') ?? undefined;
  const analytics = useIndicatorAnalytics({ indicator, cohort, pilot });
  const [pilotSearch, setPilotSearch] = useState('');
  const pilots = usePilots(pilotSearch ? { q: pilotSearch } : {}, 1, 20);
  const data = analytics.data;
  const qualitative = data?.indicator.qualitative ?? false;
  const columns = useSummaryColumns(qualitative);

  const cohortRows = (data?.cohorts ?? []).flatMap((group) =>
    group.years.map((s, i) => ({ ...s, key: `${group.key}-${s.year}`, group, first: i === 0, span: group.years.length })),
  );

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card title={<h1 style={{ fontSize: 18, margin: 0 }}>{t.analytics.title}</h1>}>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Space wrap>
            <Select
              data-testid="analytics-indicator"
              aria-label={t.analytics.indicator}
              placeholder={t.analytics.pickIndicator}
              style={{ minWidth: 320 }}
              showSearch={{ optionFilterProp: 'label' }}
              value={indicator}
              onChange={(v: string) => set('indicator', v)}
              options={indicators.map((n) => ({ value: n.id, label: `${n.code} ${n.name}` }))}
              labelRender={({ label }) => <Zh>{label}</Zh>}
            />
            <Radio.Group
              data-testid="analytics-cohort"
              aria-label={t.analytics.cohort}
              optionType="button"
              value={cohort}
              onChange={(e) => set('cohort', e.target.value as string)}
              options={ANALYTICS_COHORTS.map((c) => ({ value: c, label: t.analytics.cohorts[c] }))}
            />
          </Space>
          <Typography.Text type="secondary">
            {t.analytics.basis}
            {qualitative && ` ${t.analytics.qualitative}`}
          </Typography.Text>
        </Space>
      </Card>
      {analytics.error && <Alert type="error" showIcon title={analytics.error.message} />}
      {!data ? (
        <Spin />
      ) : (
        <>
          <Card title={t.analytics.distribution} data-testid="analytics-distribution">
            {data.years.length === 0 ? (
              <EmptyState description={t.analytics.none} />
            ) : (
              <>
                <Typography.Text type="secondary">{qualitative ? t.analytics.answersChart : t.analytics.distributionChart}</Typography.Text>
                <AnalyticsChart years={data.years} qualitative={qualitative} />
                <Table
                  data-testid="analytics-years"
                  size="small"
                  pagination={false}
                  rowKey="year"
                  dataSource={data.years}
                  columns={[{ title: t.analytics.year, dataIndex: 'year' }, ...columns]}
                />
              </>
            )}
          </Card>
          <Card title={t.analytics.comparison} data-testid="analytics-comparison">
            <Table
              data-testid="analytics-cohorts"
              size="small"
              pagination={false}
              dataSource={cohortRows}
              columns={[
                {
                  title: t.analytics.group,
                  key: 'group',
                  onCell: (r) => ({ rowSpan: r.first ? r.span : 0 }),
                  render: (_, r) => <CohortLabel cohort={data.cohort} group={r.group} />,
                },
                { title: t.analytics.year, dataIndex: 'year' },
                ...columns,
              ]}
            />
          </Card>
          <Card
            title={t.analytics.pilot}
            data-testid="analytics-pilot"
            extra={
              <Select
                data-testid="analytics-pilot-select"
                aria-label={t.analytics.pickPilot}
                placeholder={t.analytics.pickPilot}
                style={{ minWidth: 280 }}
                allowClear
                showSearch={{ filterOption: false, onSearch: setPilotSearch }}
                value={pilot}
                onChange={(v?: string) => set('pilot', v)}
                options={[
                  ...(data.pilot && !pilots.data?.items.some((p) => p.id === data.pilot?.id)
                    ? [{ value: data.pilot.id, label: data.pilot.name }]
                    : []),
                  ...(pilots.data?.items ?? []).map((p) => ({ value: p.id, label: p.publishedName })),
                ]}
                labelRender={({ label }) => <Zh>{label}</Zh>}
              />
            }
          >
            {data.pilot && (
              <Table
                data-testid="analytics-pilot-years"
                size="small"
                pagination={false}
                rowKey="year"
                dataSource={data.pilot.years}
                locale={{ emptyText: t.analytics.none }}
                columns={[
                  { title: t.analytics.year, dataIndex: 'year' },
                  { title: t.analytics.value, dataIndex: 'value', align: 'right' },
                  { title: t.analytics.cohortMedian, dataIndex: 'cohortMedian', align: 'right' },
                  { title: t.analytics.cohortPilots, dataIndex: 'cohortPilots', align: 'right' },
                ]}
              />
            )}
          </Card>
        </>
      )}
    </Space>
  );
}
