import type { ReportContent } from '@smartcity/domain';
import type { ReportView } from '../../api/types';

/** The editable content of a report: the server's view without the reasons shown beside the items. */
export function contentOf(report: ReportView): ReportContent {
  const { indicators, projects, platform, narrative } = report.content;
  return {
    indicators: indicators.map(({ returnReasons: _r, ...i }) => i),
    projects: projects.map(({ returnReasons: _r, ...p }) => p),
    platform,
    narrative,
  };
}

export type Indicator = ReportContent['indicators'][number];
export type Project = ReportContent['projects'][number];
