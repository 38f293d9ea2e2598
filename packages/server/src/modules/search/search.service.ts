import { SEARCH_TYPES, type SearchQuery, type SearchResult } from '@smartcity/domain';
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
  const groups: SearchResult['groups'] = records.map((g) => ({
    type: g.type,
    total: g.total,
    totalExact: g.totalExact,
    items: g.rows.map((r) => ({
      type: r.type,
      id: r.id,
      pilotId: r.pilotId,
      pilotName: r.pilotName,
      title: marked(r.title, terms.words),
      // the public portal shows a pilot's published name and nothing more
      fragment: scope === 'public' ? [] : marked(r.body, terms.words, CONTEXT),
    })),
  }));
  // notices are the programme's own few: counted exactly
  if (notices.length > 0)
    groups.push({
      type: 'notice',
      total: notices[0]!.total,
      totalExact: true,
      items: notices.map((n) => ({
        type: 'notice' as const,
        id: n.id,
        pilotId: null,
        pilotName: null,
        title: marked(n.title, terms.words),
        fragment: marked(decoded(n.text).replace(/\s+/g, ' ').trim(), terms.words, CONTEXT),
      })),
    });
  result.groups = SEARCH_TYPES.flatMap((type) => groups.filter((g) => g.type === type));
  return result;
}
