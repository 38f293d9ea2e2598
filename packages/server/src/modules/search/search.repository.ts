import { SEARCH_TYPES } from '@smartcity/domain';
import { and, asc, count, desc, eq, inArray, ne, not, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { batches, pilots, searchDocuments } from '../../db/schema.js';
import { likePattern } from '../../lib/like.js';
import { EXACT_COUNT_UP_TO, listTotal, plannedRows, type ListTotal } from '../../shared/list-total.repository.js';
import { pageByBatch, pageWindow } from '../../shared/published-order.repository.js';
import { visible, type Scope } from '../../tenancy/scope.js';
import type { IndexedType } from '../../search/search-index.repository.js';
import { HAN, type QueryTerms } from '../../search/text.js';

const INDEXED = SEARCH_TYPES.filter((t): t is IndexedType => t !== 'notice');
/**
 * Hits of a type walked (many) counted exactly up to this many, estimated past it (flagged): counting checks each hit's
 * lexemes (a report's take 40 µs to read), and 1,000 of them cost 20–40 ms a type. Whether a type's hits are ranked
 * whole or walked is the planner's estimate's to say (past EXACT_COUNT_UP_TO: walked), not the count's; hits ranked
 * whole are counted in the ranking.
 */
const COUNTED_UP_TO = 100;
const d = searchDocuments;

export interface SearchRow {
  type: IndexedType;
  id: string;
  pilotId: string;
  pilotName: string;
  title: string;
  body: string;
}

/** One type's page of hits and its total (exact while short, else the planner's estimate: listTotal). */
export interface SearchGroupRows extends ListTotal {
  type: IndexedType;
  rows: SearchRow[];
}

/** A hit's key: search_documents' primary key. */
interface HitKey {
  pilotId: string;
  id: string;
}

/** What a search asks of search_documents and pilots, for a reader. */
function asked(scope: Scope | 'public', terms: QueryTerms) {
  const query = sql`${terms.tsquery}::tsquery`;
  const fts = sql`${d.lexemes} @@ ${query}`;
  // longer partial matches that are no whole lexeme (part of a word or code, across punctuation): pg_trgm's index.
  // A phrase of Chinese alone needs none: every character pair of a text is a lexeme, so the pairs find it — and
  // the trigram index's candidates are each read again in full to be checked.
  const text = scope === 'public' ? d.title : d.body;
  const partial = terms.phrase !== null && !terms.words.every((w) => HAN.test(w));
  const match = partial ? sql`(${fts} or ${text} ilike ${likePattern(terms.phrase!)})` : fts;
  return {
    query,
    partial,
    /**
     * A type's hits, the type checked first: the match reads the row's lexemes (a task book's run to kilobytes). As an
     * `=` the type's test joins an equivalence class and the planner puts it after the match; `= any` stays first.
     */
    ofType: (type: IndexedType) => and(sql`${d.subjectType} = any(array[${type}]::text[])`, match),
    // a record whose name holds the words comes first, then the programme's own order; ts_rank would read every
    // match's whole lexeme vector (a task book's runs to kilobytes), for every match, to page twenty
    named: and(...terms.words.map((w) => sql`${d.title} ilike ${likePattern(w)}`)) ?? sql`false`,
    // the public portal: the pilots of the lists announced, by name (what the published list shows, so no revoked one)
    pilotsSeen:
      scope === 'public'
        ? and(
            ne(pilots.status, 'revoked'),
            sql`exists (select 1 from ${batches} where ${batches.id} = ${pilots.batchId} and ${batches.announcedOn} is not null)`,
          )
        : visible.pilots(scope),
  };
}
type Asked = ReturnType<typeof asked>;

/** The programme's order of a type's hits: the batch's year, the pilot's seq, then the record's name and id. */
const PROGRAMME_ORDER = [asc(batches.year), asc(pilots.seq), asc(d.title), asc(d.subjectId)];

/**
 * A type's hits in the reader's scope, for counting. A reader who sees every pilot counts the documents alone. Another
 * walks its own pilots into each one's records where the word is in many (as a join, the planner read every hit to
 * find a province's; the limit never cuts — a pilot's records of a type are a handful — but keeps the walk a walk:
 * PostgreSQL does not pull a subquery with one up into a join), and joins its pilots to the index's few hits where not.
 */
function hitsSeen(db: Queryable, a: Asked, type: IndexedType, many: boolean) {
  if (!a.pilotsSeen) return db.select({ id: d.subjectId }).from(d).where(a.ofType(type));
  if (!many)
    return db
      .select({ id: d.subjectId })
      .from(d)
      .innerJoin(pilots, eq(pilots.id, d.pilotId))
      .where(and(a.ofType(type), a.pilotsSeen));
  const ofPilot = db
    .select({ id: d.subjectId })
    .from(d)
    .where(and(eq(d.pilotId, pilots.id), a.ofType(type)))
    .limit(EXACT_COUNT_UP_TO + 1)
    .as('hits');
  return db.select({ id: ofPilot.id }).from(pilots).crossJoinLateral(ofPilot).where(a.pilotsSeen);
}

/**
 * A type's hits where the word is in few of its records, ranked whole off the index: named ones first, then the
 * programme's order. The ranking reads every hit's name and pilot, never its text, and counts them as it goes (the
 * total: none where the page is past the last hit).
 */
async function ranked(db: Queryable, a: Asked, type: IndexedType, offset: number, limit: number) {
  const rows = await db
    .select({ pilotId: d.pilotId, id: d.subjectId, total: sql<number>`count(*) over ()`.mapWith(Number) })
    .from(d)
    .innerJoin(pilots, eq(pilots.id, d.pilotId))
    .innerJoin(batches, eq(batches.id, pilots.batchId))
    .where(and(a.ofType(type), a.pilotsSeen))
    .orderBy(desc(a.named), ...PROGRAMME_ORDER)
    .limit(limit)
    .offset(offset);
  return { keys: rows.map((r): HitKey => ({ pilotId: r.pilotId, id: r.id })), total: rows[0]?.total };
}

/**
 * A long list of hits (a word in most records: 交通 is in 32,000 of 35,000 at 3,000 pilots), paged without ranking
 * them all: the named ones first, then the rest, each walked in the programme's order off the pilots' (batch_id, seq)
 * index into each pilot's records of the type, up to the page's end. Ranking every hit read each one's lexemes to
 * check it: 320 ms a search for 交通. Named hits are mostly few (a name's words are few): read whole off the index of
 * names (the lexemes of weight A, `ts_filter`) unless the planner expects many, as for a word in most names.
 */
async function walked(db: Queryable, a: Asked, type: IndexedType, offset: number, limit: number): Promise<HitKey[]> {
  const walk = (which: SQL, from: number, size: number) =>
    pageByBatch(
      db,
      (sameBatch, upTo) =>
        db
          .select({ id: d.subjectId, pilotId: sql<string>`${d.pilotId}`.as('hit_pilot_id'), seq: pilots.seq, title: d.title })
          .from(pilots)
          .innerJoin(d, and(eq(d.pilotId, pilots.id), a.ofType(type)))
          .where(and(sameBatch(pilots.batchId), a.pilotsSeen, which))
          .orderBy(asc(pilots.seq), asc(d.title), asc(d.subjectId))
          .limit(upTo)
          .as('firsts'),
      (firsts) => [asc(firsts.seq), asc(firsts.title), asc(firsts.id)],
      false,
      pageWindow(from, size),
      (firsts) => ({ pilotId: sql<string>`${firsts.pilotId}`.as('page_pilot_id') }),
    );
  const keysOf = (ids: ReturnType<typeof walk>) => db.select({ pilotId: ids.pilotId, id: ids.id }).from(ids).orderBy(ids.place);
  // named: the word in the name's lexemes (what the index of names finds) and the name's text; the rest is the rest
  const named = and(sql`ts_filter(${d.lexemes}, '{a}') @@ ${a.query}`, a.named)!;
  const namedHits = and(named, a.ofType(type));
  // few: read whole up to the page's end (fewer than that: all of them, counted); many: walked like the rest
  const few =
    (await plannedRows(db, db.select({ id: d.subjectId }).from(d).where(namedHits))) <= EXACT_COUNT_UP_TO
      ? await db
          .select({ pilotId: d.pilotId, id: d.subjectId })
          .from(d)
          .innerJoin(pilots, eq(pilots.id, d.pilotId))
          .innerJoin(batches, eq(batches.id, pilots.batchId))
          .where(and(namedHits, a.pilotsSeen))
          .orderBy(...PROGRAMME_ORDER)
          .limit(offset + limit)
      : undefined;
  const first = few ? few.slice(offset) : await keysOf(walk(named, offset, limit));
  if (first.length === limit) return first;
  // the page passes the named ones' end: how many there were (many: counted up to the page, as deep a walk as its own)
  const namedBefore = few
    ? few.length
    : first.length > 0
      ? offset + first.length
      : ((await db.select({ n: count() }).from(walk(named, 0, offset)))[0]?.n ?? 0);
  const rest = await keysOf(walk(not(named), Math.max(0, offset - namedBefore), limit - first.length));
  return [...first, ...rest];
}

export const searchRepository = {
  /**
   * Each type's hits in rank order, rows offset…offset+limit of each (or of `type` alone), with the type's total.
   * The scope's predicate applies before anything is counted: a hit outside it adds to no total. A type with few hits
   * ranks them all; one with many (by the planner's estimate of all pilots') walks the programme's order instead.
   */
  async search(
    db: Queryable,
    scope: Scope | 'public',
    terms: QueryTerms,
    page: { type?: IndexedType | undefined; offset: number; limit: number },
  ): Promise<SearchGroupRows[]> {
    const a = asked(scope, terms);
    const types = scope === 'public' ? (['pilot'] as const) : page.type ? [page.type] : INDEXED;
    const groups = await Promise.all(
      types.map(async (type) => {
        // in many of the type's records (all pilots', by the planner's statistics of the lexemes)? A partial match is
        // no lexeme the index of names holds: its hits are ranked whole however many
        const planned = a.partial ? undefined : await plannedRows(db, db.select({ id: d.subjectId }).from(d).where(a.ofType(type)));
        const many = planned !== undefined && planned > EXACT_COUNT_UP_TO;
        // a reader who sees every pilot counts that same query: its estimate is the one just made. A province's walk is
        // estimated as a join: planned as a walk, each pilot counts for at least one hit (974 for 645 of a province's)
        const counted = () =>
          listTotal(
            db,
            hitsSeen(db, a, type, many),
            COUNTED_UP_TO,
            !a.pilotsSeen && planned !== undefined ? planned : hitsSeen(db, a, type, false),
          );
        let total: ListTotal;
        let keys: HitKey[];
        if (many) {
          total = await counted();
          keys = total.total === 0 ? [] : await walked(db, a, type, page.offset, page.limit);
        } else {
          const hits = await ranked(db, a, type, page.offset, page.limit);
          keys = hits.keys;
          total =
            hits.total !== undefined
              ? { total: hits.total, totalExact: true }
              : page.offset > 0
                ? await counted()
                : { total: 0, totalExact: true };
        }
        return total.total === 0 ? null : { type, ...total, keys };
      }),
    );
    const found = groups.filter((g) => g !== null);
    const rows = await textsOf(
      db,
      found.flatMap((g) => g.keys),
    );
    return found.map(({ keys, ...g }) => ({ ...g, rows: keys.map((k) => rows.get(k.id)!) }));
  },
};

/** The page's hits with their text and pilot, by key: the text of the page's rows only. */
async function textsOf(db: Queryable, keys: HitKey[]): Promise<Map<string, SearchRow>> {
  if (keys.length === 0) return new Map();
  const rows = await db
    .select({
      type: sql<IndexedType>`${d.subjectType}`,
      id: d.subjectId,
      pilotId: d.pilotId,
      pilotName: pilots.publishedName,
      title: d.title,
      body: d.body,
    })
    .from(d)
    .innerJoin(pilots, eq(pilots.id, d.pilotId))
    .where(
      and(
        inArray(d.pilotId, [...new Set(keys.map((k) => k.pilotId))]),
        inArray(
          d.subjectId,
          keys.map((k) => k.id),
        ),
      ),
    );
  return new Map(rows.map((r) => [r.id, r]));
}
