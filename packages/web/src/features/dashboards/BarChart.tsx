import { BarChart as Bars } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([Bars, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export interface BarSeries {
  name: string;
  data: number[];
  color: string;
}

/**
 * Bars by category (a year), side by side or stacked; a click on a bar calls `onClick` with its category. Hidden
 * from screen readers: every chart has a table beside it that says the same.
 */
export function BarChart(props: {
  testId: string;
  categories: string[];
  series: BarSeries[];
  stacked?: boolean;
  onClick?: (category: string) => void;
}) {
  const { testId, categories, series, stacked, onClick } = props;
  const el = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!el.current) return;
    const chart = echarts.init(el.current);
    chart.setOption({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 8, bottom: 8, top: 32, containLabel: true },
      xAxis: { type: 'category', data: categories },
      yAxis: { type: 'value' },
      series: series.map((s) => ({
        name: s.name,
        type: 'bar',
        data: s.data,
        itemStyle: { color: s.color },
        ...(stacked ? { stack: 'all' } : {}),
      })),
    });
    if (onClick) {
      chart.on('click', (e) => onClick(String(e.name)));
      chart.getZr().setCursorStyle('pointer');
    }
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(el.current);
    return () => {
      observer.disconnect();
      chart.dispose();
    };
  }, [categories, series, stacked, onClick]);

  return <div data-testid={testId} ref={el} aria-hidden="true" style={{ width: '100%', height: 220 }} />;
}
