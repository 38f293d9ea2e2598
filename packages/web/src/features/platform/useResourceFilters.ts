import { RESOURCE_STATUSES, SHARING_CLASSES } from '@smartcity/domain';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { ResourceFilters } from '../../api/platform';

const oneOf = <T extends string>(values: readonly T[], value: string | null): T | undefined => values.find((v) => v === value);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The catalog's filters live in the URL query string, so reload and back keep them. */
export function useResourceFilters() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo((): ResourceFilters => {
    const provider = params.get('provider');
    return {
      provider: provider && UUID.test(provider) ? provider : undefined,
      sharingClass: oneOf(SHARING_CLASSES, params.get('sharingClass')),
      status: oneOf(RESOURCE_STATUSES, params.get('status')),
      stale: oneOf(['true', 'false'], params.get('stale')),
      theme: params.get('theme')?.trim().slice(0, 20) || undefined,
      q: params.get('q')?.trim().slice(0, 50) || undefined,
    };
  }, [params]);
  const setFilter = useCallback(
    <K extends keyof ResourceFilters>(key: K, value: ResourceFilters[K] | null | undefined) =>
      setParams((prev) => {
        const next = new URLSearchParams(prev);
        if (value === undefined || value === null || value === '') next.delete(key);
        else next.set(key, String(value));
        return next;
      }),
    [setParams],
  );
  return { filters, setFilter };
}
