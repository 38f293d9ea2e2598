import { useCallback } from 'react';
import { useNavigate, useSearchParams } from 'react-router';

export type AddressChanges = Record<string, string | number | boolean | null | undefined>;

/**
 * A page's filters, tab and paging live in the address (reload, back and a shared link keep them). `update` sets or
 * (for null, undefined and '') removes the given keys and keeps the others.
 *
 * It starts from the address as it is when called, not as the caller's render saw it: antd's tables memoise their
 * cells, so a button in a row can run a closure from an earlier render, and react-router's functional
 * `setSearchParams` would then drop a filter chosen since (a real race: the audit log lost its action filter).
 */
export function useAddress() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const update = useCallback(
    (changes: AddressChanges, options: { resetPage?: boolean; replace?: boolean } = {}) => {
      const next = new URLSearchParams(window.location.search);
      for (const [key, value] of Object.entries(changes))
        if (value === undefined || value === null || value === '') next.delete(key);
        else next.set(key, String(value));
      // a changed filter or order starts again at page 1
      if (options.resetPage && !('page' in changes)) next.delete('page');
      const search = next.toString();
      navigate({ search: search ? `?${search}` : '' }, { replace: options.replace });
    },
    [navigate],
  );
  const clear = useCallback(() => navigate({ search: '' }, { replace: true }), [navigate]);
  return { params, update, clear };
}
