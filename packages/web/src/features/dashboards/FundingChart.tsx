import type { PilotDashboard } from '@smartcity/domain';
import { useMemo } from 'react';
import { useI18n } from '../../i18n';
import { BarChart } from './BarChart';

/** Planned against spent, by year, as bars; the table beside it says the same to screen readers. */
export function FundingChart({ funding }: { funding: PilotDashboard['funding'] }) {
  const { t } = useI18n();
  const series = useMemo(
    () => [
      { name: t.dashboard.fundingPlanned, data: funding.map((f) => f.planned), color: '#85a5ff' },
      { name: t.dashboard.fundingSpent, data: funding.map((f) => f.spent), color: '#1d39c4' },
    ],
    [funding, t],
  );
  const years = useMemo(() => funding.map((f) => String(f.year)), [funding]);
  return <BarChart testId="funding-chart" categories={years} series={series} />;
}
