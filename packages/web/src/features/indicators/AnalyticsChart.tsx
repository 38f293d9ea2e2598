import type { AnalyticsSummary } from '@smartcity/domain';
import { BarChart, BoxplotChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { useI18n } from '../../i18n';

echarts.use([BarChart, BoxplotChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/**
 * The years' distribution: a box plot of the five numbers, or for a qualitative indicator the pilots per answer
 * stacked. Hidden from screen readers: the table below the chart gives the same figures.
 */
export function AnalyticsChart({ years, qualitative }: { years: AnalyticsSummary[]; qualitative: boolean }) {
  const { t } = useI18n();
  const el = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!el.current) return;
    const chart = echarts.init(el.current);
    const categories = years.map((y) => String(y.year));
    const answers = [...new Set(years.flatMap((y) => y.answers.map((a) => a.value)))].sort((a, b) => a - b);
    chart.setOption({
      tooltip: { trigger: qualitative ? 'axis' : 'item' },
      legend: qualitative ? { top: 0, type: 'scroll' } : undefined,
      grid: { left: 8, right: 8, bottom: 8, top: qualitative ? 32 : 16, containLabel: true },
      xAxis: { type: 'category', data: categories },
      yAxis: { type: 'value', name: qualitative ? t.analytics.pilots : undefined },
      series: qualitative
        ? answers.map((value) => ({
            name: String(value),
            type: 'bar',
            stack: 'answers',
            data: years.map((y) => y.answers.find((a) => a.value === value)?.pilots ?? 0),
          }))
        : [
            {
              name: t.analytics.distribution,
              type: 'boxplot',
              data: years.map((y) => [y.min, y.q1, y.median, y.q3, y.max]),
              tooltip: {
                formatter: (p: { dataIndex: number }) => {
                  const y = years[p.dataIndex]!;
                  return [
                    `${y.year} · ${t.analytics.pilots} ${y.pilots}`,
                    `${t.analytics.max} ${y.max}`,
                    `${t.analytics.q3} ${y.q3}`,
                    `${t.analytics.median} ${y.median}`,
                    `${t.analytics.q1} ${y.q1}`,
                    `${t.analytics.min} ${y.min}`,
                  ].join('<br/>');
                },
              },
            },
          ],
    });
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(el.current);
    return () => {
      observer.disconnect();
      chart.dispose();
    };
  }, [years, qualitative, t]);

  return <div data-testid="analytics-chart" ref={el} aria-hidden="true" style={{ width: '100%', height: 260 }} />;
}
