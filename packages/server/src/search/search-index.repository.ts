import { SEARCH_TYPES, type SearchType } from '@smartcity/domain';
import { and, eq, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../db/client.js';
import { annualReports, findings, inspections, pilots, provinces, searchDocuments, taskBookSections, taskBooks } from '../db/schema.js';
import { lexemesOf, pinyinLexemes, weighted } from './text.js';

/*
 * Keeps search_documents current. `indexAudited` is called by appendAudit: every change to a record is audited in the
 * transaction that makes it, so indexing there keeps the index in that same transaction (a rolled-back change leaves
 * no trace in it either) without a call in each service.
 */

/** the records kept in search_documents (a pilot's); notices are searched where they are (notices.repository.ts) */
export type IndexedType = Exclude<SearchType, 'notice'>;
const INDEXED = SEARCH_TYPES.filter((t): t is IndexedType => t !== 'notice');

interface Doc {
  pilotId: string;
  type: IndexedType;
  id: string;
  /** the record's own name, where it has one (a pilot's, a finding's title) */
  title: string;
  body: string;
  /** lexemes beyond the text's: a pilot's pinyin */
  extra?: Set<string>;
}

/** Every string in a record's content, in order (ids and codes the form makes are no text anyone searches for). */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') {
    if (value.trim()) out.push(value);
  } else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) if (!['id', 'indicatorIds', 'category', 'indicatorCode'].includes(k)) strings(v, out);
  return out;
}
const join = (parts: (string | null | undefined)[]) => parts.filter(Boolean).join('\n');

const LOADERS: Record<IndexedType, (db: Queryable, id: string) => Promise<Doc[]>> = {
  async pilot(db, id) {
    const rows = await db
      .select({ p: pilots, province: provinces.name })
      .from(pilots)
      .innerJoin(provinces, eq(provinces.code, pilots.provinceCode))
      .where(eq(pilots.id, id));
    return Promise.all(
      rows.map(async ({ p, province }) => ({
        pilotId: p.id,
        type: 'pilot',
        id: p.id,
        title: p.publishedName,
        body: join([p.publishedName, p.officialName, p.adminCode, province, p.officialCategory, p.note]),
        extra: await pinyinLexemes(p.officialName ?? '', await pinyinLexemes(p.publishedName)),
      })),
    );
  },
  async taskBook(db, id) {
    const [book] = await db.select({ pilotId: taskBooks.pilotId }).from(taskBooks).where(eq(taskBooks.id, id));
    if (!book) return [];
    const sections = await db.select().from(taskBookSections).where(eq(taskBookSections.taskBookId, id)).orderBy(taskBookSections.n);
    return [{ pilotId: book.pilotId, type: 'taskBook', id, title: '', body: join(strings(sections.map((s) => s.content))) }];
  },
  async annualReport(db, id) {
    const [r] = await db.select().from(annualReports).where(eq(annualReports.id, id));
    return r ? [{ pilotId: r.pilotId, type: 'annualReport', id, title: String(r.year), body: join(strings(r.content)) }] : [];
  },
  async inspection(db, id) {
    const [i] = await db.select().from(inspections).where(eq(inspections.id, id));
    if (!i) return [];
    const own: Doc = {
      pilotId: i.pilotId,
      type: 'inspection',
      id,
      title: i.inspectedOn,
      body: join([i.summary, ...i.projectsChecked, ...i.inspectors]),
    };
    // an inspection is recorded with its findings, in one audited change
    return [own, ...(await db.select().from(findings).where(eq(findings.inspectionId, id))).map(findingDoc)];
  },
  async finding(db, id) {
    return (await db.select().from(findings).where(eq(findings.id, id))).map(findingDoc);
  },
};

function findingDoc(f: typeof findings.$inferSelect): Doc {
  return { pilotId: f.pilotId, type: 'finding', id: f.id, title: f.title, body: join([f.title, f.description, f.answer]) };
}

/** What an audit entry's target is called here: a rectification is its finding's. */
const AUDITED: Record<string, IndexedType> = { rectification: 'finding', ...Object.fromEntries(INDEXED.map((t) => [t, t])) };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Re-indexes the record an audit entry is about, if it is a searchable one. */
export async function indexAudited(db: Queryable, targetType: string, targetId: string) {
  const type = AUDITED[targetType];
  if (type && UUID.test(targetId)) await indexRecord(db, type, targetId);
}

export async function indexRecord(db: Queryable, type: IndexedType, id: string) {
  const docs = await LOADERS[type](db, id);
  if (docs.length === 0)
    await db.delete(searchDocuments).where(and(eq(searchDocuments.subjectType, type), eq(searchDocuments.subjectId, id)));
  for (const d of docs) {
    const lexemes = sql`${weighted(lexemesOf(d.title, d.extra), 'A')}::tsvector || ${weighted(lexemesOf(d.body), 'B')}::tsvector`;
    await db
      .insert(searchDocuments)
      .values({ pilotId: d.pilotId, subjectType: d.type, subjectId: d.id, title: d.title, body: d.body, lexemes, updatedAt: sql`now()` })
      .onConflictDoUpdate({
        target: [searchDocuments.pilotId, searchDocuments.subjectType, searchDocuments.subjectId],
        set: { title: d.title, body: d.body, lexemes, updatedAt: sql`now()` },
      });
  }
}

/**
 * Start-up: indexes the records made before the index existed (segmentation is code, so no migration can), and those
 * indexed without the names' weight (before 0035: lexemes without positions, `strip` leaves them as they are), one
 * by one while `going()`; answers how many it indexed and how many are left for a later call.
 */
export async function indexMissing(db: Db, going = () => true): Promise<{ indexed: number; left: number }> {
  const missing = await db.execute<{ type: IndexedType; id: string }>(sql`
    select 'pilot' as type, id from pilots p
      where not exists (select 1 from search_documents d where d.subject_type = 'pilot' and d.subject_id = p.id)
    union all select 'taskBook', id from task_books t
      where not exists (select 1 from search_documents d where d.subject_type = 'taskBook' and d.subject_id = t.id)
    union all select 'annualReport', id from annual_reports r
      where not exists (select 1 from search_documents d where d.subject_type = 'annualReport' and d.subject_id = r.id)
    union all select 'inspection', id from inspections i
      where not exists (select 1 from search_documents d where d.subject_type = 'inspection' and d.subject_id = i.id)
    union all select subject_type, subject_id from search_documents where lexemes <> ''::tsvector and strip(lexemes) = lexemes`);
  let indexed = 0;
  for (const { type, id } of missing.rows) {
    if (!going()) break;
    await db.transaction((tx) => indexRecord(tx, type, id));
    indexed += 1;
  }
  return { indexed, left: missing.rows.length - indexed };
}
