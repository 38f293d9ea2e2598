import {
  PILOT_KINDS,
  PILOT_SORTS,
  PILOT_STATUSES,
  REPORT_FACTS,
  TASK_BOOK_PROGRESS,
  type PilotKind,
  type PilotSort,
  type PilotStatus,
  type ReportFact,
  type TaskBookProgress,
} from '@smartcity/domain';
import { useCallback, useMemo } from 'react';
import type { PilotFilters } from '../../api/types';
import { useAddress } from '../../components/useAddress';

const DEFAULT_PAGE_SIZE = 20;

function oneOf<T extends string>(values: readonly T[], value: string | null): T | undefined {
  return values.find((v) => v === value);
}
function positiveInt(value: string | null): number | undefined {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/** The registry's filters and page live in the URL query string, so reload and back keep them. */
export function usePilotFilters() {
  const { params, update } = useAddress();

  const filters = useMemo((): PilotFilters => {
    const province = params.get('province');
    return {
      province: province && /^\d{6}$/.test(province) ? province : undefined,
      batch: positiveInt(params.get('batch')),
      kind: oneOf<PilotKind>(PILOT_KINDS, params.get('kind')),
      status: oneOf<PilotStatus>(PILOT_STATUSES, params.get('status')),
      q: params.get('q')?.trim() || undefined,
      // the dashboards' figures open the registry with these
      taskBook: oneOf<TaskBookProgress>(TASK_BOOK_PROGRESS, params.get('taskBook')),
      year: positiveInt(params.get('year')),
      report: oneOf<ReportFact>(REPORT_FACTS, params.get('report')),
      findings: params.get('findings') === 'open' ? 'open' : undefined,
      stars: oneOf(['0', '1', '2', '3'], params.get('stars')) === undefined ? undefined : Number(params.get('stars')),
      sort: oneOf<PilotSort>(PILOT_SORTS, params.get('sort')),
    };
  }, [params]);
  const page = positiveInt(params.get('page')) ?? 1;
  const pageSize = positiveInt(params.get('pageSize')) ?? DEFAULT_PAGE_SIZE;

  /** Changing filters goes back to page 1. */
  const setFilters = useCallback(
    (changes: PilotFilters | Partial<Record<keyof PilotFilters, null>>) => {
      update(changes, { resetPage: true });
    },
    [update],
  );
  const setFilter = useCallback(
    <K extends keyof PilotFilters>(key: K, value: PilotFilters[K] | null) => setFilters({ [key]: value }),
    [setFilters],
  );

  const setPage = useCallback(
    (nextPage: number, nextPageSize: number) => {
      update({ page: nextPageSize === pageSize ? nextPage : 1, pageSize: nextPageSize === DEFAULT_PAGE_SIZE ? null : nextPageSize });
    },
    [update, pageSize],
  );

  return { filters, page, pageSize, setFilter, setFilters, setPage };
}
