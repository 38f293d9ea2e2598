import type { DashboardQuery } from '@smartcity/domain';
import type { PilotFilters } from '../../api/types';

/** The registry filtered to what a figure counts: the dashboard's filters plus the figure's own. */
export function registryLink(base: DashboardQuery, extra: PilotFilters = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ batch: base.batch, province: base.province, ...extra }))
    if (v !== undefined && v !== null) params.set(k, String(v));
  const query = params.toString();
  return query ? `/app/pilots?${query}` : '/app/pilots';
}
