import { SEARCH_TYPES, type SearchQuery, type SearchResult, type SearchType, type Segment } from '@smartcity/domain';
import type { Db } from '../../db/client.js';
import type { Actor } from '../../tenancy/actor.js';
import type { Scope } from '../../tenancy/scope.js';
import { marked, queryTerms } from '../../search/text.js';
import { noticeRepository } from '../notices/notices.repository.js';
import { searchRepository } from './search.repository.js';

/** characters of context either side of a fragment's first match */
const CONTEXT = 40;

/** Who searches: a signed-in reader (its scope for records, itself for notices addressed to it), or the public. */
export type Searcher = { scope: Scope; actor: Actor } | 'public';

interface Hit {
  type: SearchType;
  id: string;
  pilotId: string | null;
  pilotName: string | null;
  title: Segment[];
  fragment: Segment[];
  total: number;
}

/** The five entities the notice sanitiser writes, as the reader sees them. */
const decoded = (html: string) =>
  html
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

/** The search box: hits grouped by type in the order of SEARCH_TYPES, ranked within each, marked where they matched. */
export async function search(db: Db, who: Searcher, q: SearchQuery): Promise<SearchResult> {
  const scope = who === 'public' ? 'public' : who.scope;
  const terms = queryTerms(q.q, scope === 'public');
  const result: SearchResult = { groups: [], page: q.page, pageSize: q.pageSize };
  // nothing searchable in it (punctuation, emoji): no hits rather than every record
  if (!terms) return result;
  const page = { offset: (q.page - 1) * q.pageSize, limit: q.pageSize };
  const [records, notices] = await Promise.all([
    q.type === 'notice' ? [] : searchRepository.search(db, scope, terms, { type: q.type, ...page }),
    q.type && q.type !== 'notice' ? [] : noticeRepository.search(db, who === 'public' ? null : who.actor, terms.words, page),
  ]);
  const hits: Hit[] = [
    ...records.map((r) => ({
      ...r,
      title: marked(r.title, terms.words),
      // the public portal shows a pilot's published name and nothing more
      fragment: scope === 'public' ? [] : marked(r.body, terms.words, CONTEXT),
    })),
    ...notices.map((n) => ({
      type: 'notice' as const,
      id: n.id,
      pilotId: null,
      pilotName: null,
      title: marked(n.title, terms.words),
      fragment: marked(decoded(n.text).replace(/\s+/g, ' ').trim(), terms.words, CONTEXT),
      total: n.total,
    })),
  ];
  for (const type of SEARCH_TYPES) {
    const of = hits.filter((h) => h.type === type);
    if (of.length === 0) continue;
    result.groups.push({ type, total: of[0]!.total, items: of.map(({ total: _total, ...hit }) => hit) });
  }
  return result;
}
