import { SEARCH_TYPES, type SearchQuery, type SearchResult } from '@smartcity/domain';
import type { Db } from '../../db/client.js';
import type { Scope } from '../../tenancy/scope.js';
import { marked, queryTerms } from '../../search/text.js';
import { searchRepository } from './search.repository.js';

/** characters of context either side of a fragment's first match */
const CONTEXT = 40;

/** The search box: hits grouped by type in the order of SEARCH_TYPES, ranked within each, marked where they matched. */
export async function search(db: Db, scope: Scope | 'public', q: SearchQuery): Promise<SearchResult> {
  const terms = queryTerms(q.q, scope === 'public');
  const result: SearchResult = { groups: [], page: q.page, pageSize: q.pageSize };
  // nothing searchable in it (punctuation, emoji): no hits rather than every record
  if (!terms) return result;
  const rows = await searchRepository.search(db, scope, terms, { type: q.type, offset: (q.page - 1) * q.pageSize, limit: q.pageSize });
  for (const type of SEARCH_TYPES) {
    const of = rows.filter((r) => r.type === type);
    if (of.length === 0) continue;
    result.groups.push({
      type,
      total: of[0]!.total,
      items: of.map((r) => ({
        type,
        id: r.id,
        pilotId: r.pilotId,
        pilotName: r.pilotName,
        title: marked(r.title, terms.words),
        // the public portal shows a pilot's published name and nothing more
        fragment: scope === 'public' ? [] : marked(r.body, terms.words, CONTEXT),
      })),
    });
  }
  return result;
}
