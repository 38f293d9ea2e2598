import { RESOURCE_STATUSES, SHARING_CLASSES } from '@smartcity/domain';
import { useCallback, useMemo } from 'react';
import type { ResourceFilters } from '../../api/platform';
import { useAddress } from '../../components/useAddress';

const oneOf = <T extends string>(values: readonly T[], value: string | null): T | undefined => values.find((v) => v === value);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The catalog's filters live in the URL query string, so reload and back keep them. */
export function useResourceFilters() {
  const { params, update } = useAddress();
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
    <K extends keyof ResourceFilters>(key: K, value: ResourceFilters[K] | null | undefined) => update({ [key]: value }),
    [update],
  );
  return { filters, setFilter };
}
