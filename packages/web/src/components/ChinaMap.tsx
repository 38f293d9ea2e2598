import { useQuery } from '@tanstack/react-query';
import { Spin } from 'antd';
import { MapChart } from 'echarts/charts';
import { TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import geoUrl from '@data/geo/china-provinces.geojson?url';
import { fmt, useI18n } from '../i18n';
import { Zh } from './Zh';

echarts.use([MapChart, TooltipComponent, VisualMapComponent, CanvasRenderer]);

const MAP_NAME = 'china';

/** Read by screen readers, not drawn. */
const VISUALLY_HIDDEN = {
  position: 'absolute',
  width: 1,
  height: 1,
  margin: -1,
  padding: 0,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
  border: 0,
} as const;

interface Geo {
  names: Map<string, string>; // adcode → full name
  codes: Map<string, string>; // full name → adcode
}

/** Loads the province boundaries once, registers them with echarts and indexes names by adcode. */
function useChinaGeo() {
  return useQuery({
    queryKey: ['geo', MAP_NAME],
    staleTime: Infinity,
    queryFn: async (): Promise<Geo> => {
      const res = await fetch(geoUrl);
      const json = (await res.json()) as { features: { properties: { name: string; adcode: string } }[] };
      echarts.registerMap(MAP_NAME, json as unknown as Parameters<typeof echarts.registerMap>[1]);
      const names = new Map(json.features.map((f) => [f.properties.adcode, f.properties.name] as const));
      return { names, codes: new Map([...names].map(([code, name]) => [name, code] as const)) };
    },
  });
}

export interface ChinaMapProps {
  /** A value per province code (pilots unless `valueLabel` says otherwise); provinces not listed count 0. */
  counts: Record<string, number>;
  /** what the values are (tooltip) and what the map shows (screen readers); pilot counts by default */
  valueLabel?: string;
  label?: string;
  selected?: string | null | undefined;
  onSelect?: (provinceCode: string) => void;
  height?: number;
}

export function ChinaMap({ counts, selected, onSelect, height = 420, valueLabel, label }: ChinaMapProps) {
  const { t } = useI18n();
  const unit = valueLabel ?? t.mapCount;
  const geo = useChinaGeo();
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.EChartsType | null>(null);
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;

  useEffect(() => {
    if (!geo.data || !el.current) return;
    const codes = geo.data.codes;
    const instance = echarts.init(el.current);
    chart.current = instance;
    instance.on('click', (params) => {
      const code = codes.get(params.name);
      if (code) onSelectRef.current?.(code);
    });
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [geo.data]);

  useEffect(() => {
    if (!geo.data || !chart.current) return;
    const max = Math.max(1, ...Object.values(counts));
    const data = [...geo.data.names].map(([code, name]) => ({
      name,
      value: counts[code] ?? 0,
      itemStyle: code === selected ? { borderColor: '#d4380d', borderWidth: 2 } : undefined,
    }));
    chart.current.setOption({
      tooltip: {
        trigger: 'item',
        // the province's name is a proper name (lang for screen readers and the English check); the figure is in the reader's language
        formatter: (p: { name: string; value?: number }) =>
          `<span lang="zh-CN">${p.name}</span><br/>${fmt(t.mapValue, { unit, n: Number.isFinite(p.value) ? p.value! : 0 })}`,
      },
      visualMap: {
        min: 0,
        max,
        left: 'left',
        bottom: 0,
        calculable: false,
        text: [String(max), '0'],
        itemHeight: 80,
        inRange: { color: ['#f0f5ff', '#85a5ff', '#1d39c4'] },
      },
      series: [
        {
          type: 'map',
          map: MAP_NAME,
          roam: false,
          selectedMode: false,
          label: { show: false },
          emphasis: { label: { show: false }, itemStyle: { areaColor: '#ffd666' } },
          data,
        },
      ],
    });
  }, [geo.data, counts, selected, unit]);

  // the canvas says nothing to a screen reader: the same counts as a list, for it alone
  const listed = [...(geo.data?.names ?? [])].filter(([code]) => (counts[code] ?? 0) > 0);
  return (
    <Spin spinning={geo.isLoading}>
      <figure aria-label={label ?? t.mapLabel} style={{ margin: 0 }}>
        <div data-testid="china-map" ref={el} aria-hidden="true" style={{ width: '100%', height }} />
        <ul data-testid="china-map-text" style={VISUALLY_HIDDEN}>
          {listed.map(([code, name]) => (
            <li key={code}>
              <Zh>{name}</Zh>: {counts[code]}
            </li>
          ))}
        </ul>
      </figure>
    </Spin>
  );
}
