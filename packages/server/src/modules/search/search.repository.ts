import { and, eq, ne, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { batches, pilots, searchDocuments } from '../../db/schema.js';
import { likePattern } from '../../lib/like.js';
import { visible, type Scope } from '../../tenancy/scope.js';
import type { IndexedType } from '../../search/search-index.repository.js';
import { HAN, type QueryTerms } from '../../search/text.js';

export interface SearchRow {
  type: IndexedType;
  id: string;
  pilotId: string;
  pilotName: string;
  title: string;
  body: string;
  total: number;
}

export const searchRepository = {
  /**
   * Each type's matches in rank order, rows offset…offset+limit of each (or of `type` alone), with the type's total.
   * The scope's predicate applies before anything is counted: a hit outside it adds to no total.
   */
  async search(
    db: Queryable,
    scope: Scope | 'public',
    terms: QueryTerms,
    page: { type?: IndexedType | undefined; offset: number; limit: number },
  ): Promise<SearchRow[]> {
    const d = searchDocuments;
    const fts = sql`${d.lexemes} @@ ${terms.tsquery}::tsquery`;
    // longer partial matches that are no whole lexeme (part of a word or code, across punctuation): pg_trgm's index.
    // A phrase of Chinese alone needs none: every character pair of a text is a lexeme, so the pairs find it — and
    // the trigram index's candidates are each read again in full to be checked.
    const text = scope === 'public' ? d.title : d.body;
    const partial = terms.phrase && !terms.words.every((w) => HAN.test(w));
    const match = partial ? sql`(${fts} or ${text} ilike ${likePattern(terms.phrase!)})` : fts;
    // a record whose name holds the words comes first, then the programme's own order; ts_rank would read every
    // match's whole lexeme vector (a task book's runs to kilobytes), for every match, to page twenty
    const named = and(...terms.words.map((w) => sql`${d.title} ilike ${likePattern(w)}`)) ?? sql`false`;
    const where: (SQL | undefined)[] = [
      match,
      page.type ? eq(d.subjectType, page.type) : undefined,
      // the public portal: the pilots of the lists announced, by name (what the published list shows, so no revoked one)
      scope === 'public'
        ? and(
            eq(d.subjectType, 'pilot'),
            ne(pilots.status, 'revoked'),
            sql`exists (select 1 from ${batches} where ${batches.id} = ${pilots.batchId} and ${batches.announcedOn} is not null)`,
          )
        : visible.byPilot(scope, d.pilotId),
    ];
    const ranked = db
      .select({
        type: sql<IndexedType>`${d.subjectType}`.as('type'),
        id: sql<string>`${d.subjectId}`.as('id'),
        // named apart from search_documents' own columns: the page's text is joined from that table below
        pilotId: sql<string>`${d.pilotId}`.as('hit_pilot_id'),
        pilotName: sql<string>`${pilots.publishedName}`.as('pilot_name'),
        title: sql<string>`${d.title}`.as('hit_title'),
        total: sql<number>`(count(*) over (partition by ${d.subjectType}))::int`.as('total'),
        n: sql<number>`row_number() over (partition by ${d.subjectType} order by ${named} desc, ${pilots.seq}, ${d.title}, ${d.subjectId})`.as(
          'n',
        ),
      })
      .from(d)
      .innerJoin(pilots, eq(pilots.id, d.pilotId))
      .where(and(...where))
      .as('ranked');
    // the text for the page's rows only: carried through the ranking, every match's body went into the sort (33,000
    // matches of a common word at 3,000 pilots: a 46 MB sort on disk, measured by bench/routes.ts)
    const rows = await db
      .select({
        type: ranked.type,
        id: ranked.id,
        pilotId: ranked.pilotId,
        pilotName: ranked.pilotName,
        title: ranked.title,
        body: d.body,
        total: ranked.total,
        n: ranked.n,
      })
      .from(ranked)
      .innerJoin(d, and(eq(d.pilotId, ranked.pilotId), eq(d.subjectType, ranked.type), eq(d.subjectId, ranked.id)))
      .where(sql`${ranked.n} > ${page.offset} and ${ranked.n} <= ${page.offset + page.limit}`)
      .orderBy(ranked.type, ranked.n);
    return rows.map(({ n: _n, ...r }) => r);
  },
};
