import type { SearchResult, SearchType } from '@smartcity/domain';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { request } from './client';

export interface SearchParams {
  q: string;
  type?: SearchType | undefined;
  page?: number;
  /** the portal's search (the published pilots, for anyone) rather than the signed-in one */
  public?: boolean;
}

/** A group's hits a page at a time; the first page of every group shows fewer. */
export const SEARCH_PAGE_SIZE = 20;

/** The header's or the portal's search, within what the reader may see; nothing is asked for an empty box. */
export function useSearch({ q, type, page = 1, public: anyone = false }: SearchParams) {
  const params = new URLSearchParams({ q, page: String(page), pageSize: type ? String(SEARCH_PAGE_SIZE) : '5', ...(type ? { type } : {}) });
  const path = anyone ? '/api/public/search' : '/api/search';
  return useQuery({
    queryKey: ['search', path, q, type, page],
    queryFn: () => request<SearchResult>(`${path}?${params.toString()}`),
    enabled: q.trim() !== '',
    placeholderData: keepPreviousData,
  });
}
