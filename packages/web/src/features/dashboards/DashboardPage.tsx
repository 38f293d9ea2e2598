import type { DashboardQuery } from '@smartcity/domain';
import { Alert, Card, Select, Space, Spin } from 'antd';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { useAddress } from '../../components/useAddress';
import { useDashboard } from '../../api/dashboards';
import { useBatches, useProvinces } from '../../api/reference';
import { useSession } from '../../api/session';
import { fmt, useI18n } from '../../i18n';
import { TodoCard } from '../todos/TodoCard';
import { InvestmentCard } from './InvestmentCard';
import { KeyFigures } from './KeyFigures';
import { OverdueList } from './OverdueList';
import { PilotProgressTable } from './PilotProgressTable';
import { ProvinceOverview } from './ProvinceOverview';

const yearParam = (v: string | null) => (v && /^\d{4}$/.test(v) ? Number(v) : undefined);

/** 总览: the Ministry's programme, or a province's own pilots (the server's scope decides which). */
export function DashboardPage() {
  const { t } = useI18n();
  const { params, update } = useAddress();
  const ministry = useSession().data?.organisation.tier === 'ministry';
  const query = useMemo((): DashboardQuery => {
    const province = params.get('province');
    return {
      batch: yearParam(params.get('batch')),
      province: ministry && province && /^\d{6}$/.test(province) ? province : undefined,
      year: yearParam(params.get('year')),
    };
  }, [params, ministry]);
  const dashboard = useDashboard(query);
  const batches = useBatches();
  const provinces = useProvinces();
  const set = (key: keyof DashboardQuery, value: string | number | undefined) => update({ [key]: value });
  const data = dashboard.data;
  // the figures link with the year the server chose, so the registry shows the same year
  const shown: DashboardQuery = { ...query, year: data?.year ?? undefined };

  const select = { allowClear: true, style: { width: 160 } } as const;
  const filters = (
    <Space wrap>
      <Select
        {...select}
        data-testid="dashboard-batch"
        aria-label={t.filters.batch}
        placeholder={t.filters.batch}
        value={query.batch}
        onChange={(v?: number) => set('batch', v)}
        options={batches.data?.items.map(({ year }) => ({ value: year, label: fmt(t.filters.batchLabel, { year }) }))}
      />
      {ministry && (
        <Select
          {...select}
          data-testid="dashboard-province"
          aria-label={t.filters.province}
          placeholder={t.filters.province}
          showSearch={{ optionFilterProp: 'label' }}
          value={query.province}
          onChange={(v?: string) => set('province', v)}
          options={provinces.data?.items.filter((p) => p.mainland).map((p) => ({ value: p.code, label: p.name }))}
        />
      )}
      <Select
        {...select}
        allowClear={false}
        data-testid="dashboard-year"
        aria-label={t.dashboard.year}
        placeholder={t.dashboard.year}
        value={data?.year ?? undefined}
        onChange={(v: number) => set('year', v)}
        options={data?.years.map((year) => ({ value: year, label: fmt(t.dashboard.yearLabel, { year }) }))}
      />
      <Link to="/app/indicators/analytics" data-testid="dashboard-analytics">
        {t.analytics.open}
      </Link>
    </Space>
  );

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {/* the landing page: what waits for this organisation comes first */}
      <TodoCard />
      <Card title={<h1 style={{ fontSize: 18, margin: 0 }}>{t.dashboard.title}</h1>} extra={filters}>
        {dashboard.error && <Alert type="error" showIcon title={dashboard.error.message} />}
        {!data ? <Spin /> : <KeyFigures data={data} query={shown} />}
      </Card>
      {data && <ProvinceOverview data={data} query={shown} />}
      {data && <OverdueList overdue={data.overdue} abilities={data.abilities} query={shown} />}
      {data && <InvestmentCard investment={data.investment} query={shown} />}
      {!ministry && <PilotProgressTable query={shown} />}
    </Space>
  );
}
