import type { PilotDashboard } from '@smartcity/domain';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { useI18n } from '../../i18n';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** Planned against spent, by year, as bars; the table beside it says the same to screen readers. */
export function FundingChart({ funding }: { funding: PilotDashboard['funding'] }) {
  const { t } = useI18n();
  const el = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!el.current) return;
    const chart = echarts.init(el.current);
    chart.setOption({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 8, bottom: 8, top: 32, containLabel: true },
      xAxis: { type: 'category', data: funding.map((f) => String(f.year)) },
      yAxis: { type: 'value' },
      series: [
        { name: t.dashboard.fundingPlanned, type: 'bar', data: funding.map((f) => f.planned), itemStyle: { color: '#85a5ff' } },
        { name: t.dashboard.fundingSpent, type: 'bar', data: funding.map((f) => f.spent), itemStyle: { color: '#1d39c4' } },
      ],
    });
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(el.current);
    return () => {
      observer.disconnect();
      chart.dispose();
    };
  }, [funding, t]);

  return <div data-testid="funding-chart" ref={el} aria-hidden="true" style={{ width: '100%', height: 200 }} />;
}
