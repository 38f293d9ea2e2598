import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { request } from './client';

/*
 * The portal's open-data page reads the same CKAN Action API that CKAN clients read (docs/open-data.md): what the page
 * shows is what a harvester gets.
 */

export interface OpenDataset {
  id: string;
  name: string;
  title: string;
  notes: string;
  metadata_modified: string;
  organization: { name: string; title: string };
  tags: { name: string }[];
  resources: { id: string; url: string; last_modified: string | null }[];
  extras: { key: string; value: string }[];
}
interface FacetItem {
  name: string;
  display_name: string;
  count: number;
}
export interface OpenDataSearch {
  count: number;
  results: OpenDataset[];
  search_facets: Record<'organization' | 'groups', { items: FacetItem[] }>;
}

/** A reader's words as one quoted phrase (a quote in them dropped): never Solr syntax the API would refuse. */
export const phrase = (text: string) => `"${text.replaceAll('"', ' ').trim()}"`;

export function useOpenData(q: {
  text: string;
  organization: string | null;
  group: string | null;
  dataset: string | null;
  page: number;
  rows: number;
}) {
  const fq = [
    q.organization && `organization:${q.organization}`,
    q.group && `groups:${q.group}`,
    q.dataset && `name:${phrase(q.dataset)}`,
  ].filter(Boolean);
  const params = {
    q: q.text.trim() ? phrase(q.text) : '*:*',
    fq: fq.join(' '),
    rows: q.rows,
    start: (q.page - 1) * q.rows,
    sort: 'metadata_modified desc',
    'facet.field': '["organization","groups"]',
  };
  return useQuery({
    queryKey: ['open-data', params],
    queryFn: async () => (await request<{ result: OpenDataSearch }>('/api/3/action/package_search', { query: params })).result,
    placeholderData: keepPreviousData,
  });
}
