import { and, asc, countDistinct, desc, eq, inArray, max, sql, type Placeholder, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { TaskBookContent, TaskBookStatus } from '@smartcity/domain';
import { SIGNING_PARTIES, TASK_BOOK_SECTIONS } from '@smartcity/domain';
import type { Queryable } from '../../db/client.js';
import { nestedRows } from '../../db/nested.js';
import {
  batches,
  indicators,
  indicatorSystems,
  organisations,
  pilots,
  reviews,
  signatures,
  taskBookAmendments,
  taskBookSections,
  taskBooks,
  taskBookVersions,
} from '../../db/schema.js';
import { reviewOrder, reviewsWhere } from '../../shared/reviews.js';
import { signatureOrder, signaturesWhere } from '../../shared/signatures.js';
import { visible, type Scope } from '../../tenancy/scope.js';
import { inListed, prepared, preparedRead, type Placeholders } from '../../shared/prepared.repository.js';

const pilotOrg = alias(organisations, 'pilot_org');
const supervisor = alias(organisations, 'supervisor');

const headColumns = {
  id: taskBooks.id,
  pilotId: taskBooks.pilotId,
  status: taskBooks.status,
  version: taskBooks.version,
  currentVersion: taskBooks.currentVersion,
  deadlineExtendedTo: taskBooks.deadlineExtendedTo,
  openAmendmentId: taskBooks.openAmendmentId,
  updatedAt: taskBooks.updatedAt,
  pilotName: pilots.publishedName,
  pilotOrgId: pilots.organisationId,
  pilotOrgName: pilotOrg.name,
  supervisorOrgId: pilots.supervisorOrgId,
  supervisorName: supervisor.name,
  batchId: batches.id,
  batchYear: batches.year,
  batchName: batches.name,
  deadline: batches.taskBookDeadline,
  requiredIndicatorCodes: batches.requiredIndicatorCodes,
  indicatorSystemCode: batches.indicatorSystemCode,
};

// one book also carries what its 规定项 default to when its batch sets none (every level-3 code of its system), so
// completeness needs no statement of its own; its page also carries its lists, so the page is one statement
const oneBook = {
  level3Codes: sql<string[] | null>`case when ${batches.requiredIndicatorCodes} is null then (
    select coalesce(json_agg(${indicators.code}), '[]'::json) from ${indicators}
    join ${indicatorSystems} on ${indicatorSystems.id} = ${indicators.systemId}
    where ${indicatorSystems.code} = ${batches.indicatorSystemCode} and ${indicators.level} = 3) end`,
};
const bookPage = {
  ...oneBook,
  sections: nestedRows(taskBookSections, eq(taskBookSections.taskBookId, taskBooks.id), [taskBookSections.n]),
  reviews: nestedRows(reviews, reviewsWhere({ type: 'taskBook', id: taskBooks.id }), [reviewOrder]),
  signatures: nestedRows(signatures, signaturesWhere({ type: 'taskBook', id: taskBooks.id }), signatureOrder),
  amendments: nestedRows(taskBookAmendments, eq(taskBookAmendments.taskBookId, taskBooks.id), [taskBookAmendments.createdAt]),
};

const head = (db: Queryable, more?: Partial<typeof bookPage>) =>
  db
    .select({ ...headColumns, ...more })
    .from(taskBooks)
    .innerJoin(pilots, eq(pilots.id, taskBooks.pilotId))
    .innerJoin(batches, eq(batches.id, taskBooks.batchId))
    .innerJoin(pilotOrg, eq(pilotOrg.id, pilots.organisationId))
    .innerJoin(supervisor, eq(supervisor.id, pilots.supervisorOrgId));

type Selected<F> = { [K in keyof F]: F[K] extends SQL<infer T> ? T : never };
/** A book in a list. */
export type TaskBookSummaryRow = Omit<Awaited<ReturnType<typeof head>>[number], keyof typeof bookPage>;
/** One book: what its actions and guards read. */
export type TaskBookHead = TaskBookSummaryRow & Selected<typeof oneBook>;
/** One book's page. */
export type TaskBookPage = TaskBookSummaryRow & Selected<typeof bookPage>;

const ofBook = (scope: Scope, id: Placeholder) => and(eq(taskBooks.id, id), visible.byPilot(scope, taskBooks.pilotId));
const oneHead = preparedRead('task_book_head', (db, scope, { id }: Placeholders<{ id: string }>) =>
  head(db, oneBook).where(ofBook(scope, id)).limit(1),
);
const onePage = preparedRead('task_book_page', (db, scope, { id }: Placeholders<{ id: string }>) =>
  head(db, bookPage).where(ofBook(scope, id)).limit(1),
);
/** `statuses`, the lifecycle's own states chosen by the code, are part of the statement's text: a shape, not a value. */
const bookList = preparedRead(
  'task_book_list',
  (
    db,
    scope,
    { status, pilot }: Placeholders<{ status: TaskBookStatus | undefined; pilot: string | undefined }>,
    shape: { statuses: readonly TaskBookStatus[] | undefined },
  ) =>
    head(db)
      .where(
        and(
          visible.byPilot(scope, taskBooks.pilotId),
          status && eq(taskBooks.status, status),
          inListed(taskBooks.status, shape.statuses),
          pilot && eq(taskBooks.pilotId, pilot),
        ),
      )
      .orderBy(asc(batches.year), asc(pilots.seq)),
);
const versionList = prepared('task_book_versions', (db, { taskBookId }: Placeholders<{ taskBookId: string }>) =>
  db
    .select({
      number: taskBookVersions.number,
      digest: taskBookVersions.digest,
      createdAt: taskBookVersions.createdAt,
      amendmentId: taskBookVersions.amendmentId,
    })
    .from(taskBookVersions)
    .where(eq(taskBookVersions.taskBookId, taskBookId))
    .orderBy(asc(taskBookVersions.number)),
);

/**
 * The pilot's book of the latest batch that has a version every signing party signed, at the highest such version:
 * during an amendment the version signed before it still governs. One statement, where walking the books, their
 * signatures and then the version took three.
 */
const signedVersion = preparedRead('task_book_signed_version', (db, scope, { pilotId }: Placeholders<{ pilotId: string }>) =>
  db
    .select({
      taskBookId: taskBooks.id,
      versionNumber: taskBookVersions.number,
      content: taskBookVersions.content,
      pilotName: pilots.publishedName,
    })
    .from(taskBookVersions)
    .innerJoin(taskBooks, eq(taskBooks.id, taskBookVersions.taskBookId))
    .innerJoin(batches, eq(batches.id, taskBooks.batchId))
    .innerJoin(pilots, eq(pilots.id, taskBooks.pilotId))
    .where(
      and(
        eq(taskBooks.pilotId, pilotId),
        visible.byPilot(scope, taskBooks.pilotId),
        eq(
          db
            .select({ n: countDistinct(signatures.party) })
            .from(signatures)
            .where(
              and(
                signaturesWhere({ type: 'taskBook', id: taskBooks.id }),
                eq(signatures.versionNumber, taskBookVersions.number),
                inArray(signatures.party, SIGNING_PARTIES),
              ),
            ),
          SIGNING_PARTIES.length,
        ),
      ),
    )
    .orderBy(desc(batches.year), desc(taskBookVersions.number))
    .limit(1),
);

export const taskBookRepository = {
  async create(db: Queryable, pilotId: string, batchId: string, content: TaskBookContent, userId: string) {
    const [row] = await db.insert(taskBooks).values({ pilotId, batchId }).returning({ id: taskBooks.id });
    await db
      .insert(taskBookSections)
      .values(TASK_BOOK_SECTIONS.map((s) => ({ taskBookId: row!.id, pilotId, n: s.n, content: content[s.key], updatedBy: userId })));
    return row!.id;
  },

  async findForPilot(db: Queryable, pilotId: string, batchId: string) {
    const [row] = await db
      .select({ id: taskBooks.id })
      .from(taskBooks)
      .where(and(eq(taskBooks.pilotId, pilotId), eq(taskBooks.batchId, batchId)));
    return row ?? null;
  },

  list: (
    db: Queryable,
    scope: Scope,
    filter: { status?: TaskBookStatus | undefined; statuses?: readonly TaskBookStatus[]; pilot?: string | undefined },
  ) => bookList(db, scope, { status: filter.status, pilot: filter.pilot }, { statuses: filter.statuses }),

  async get(db: Queryable, scope: Scope, id: string): Promise<TaskBookHead | null> {
    const [row] = await oneHead(db, scope, { id });
    return (row as TaskBookHead | undefined) ?? null;
  },

  /** A book with its sections, reviews, signatures and amendments: its page in one statement. */
  async page(db: Queryable, scope: Scope, id: string): Promise<TaskBookPage | null> {
    const [row] = await onePage(db, scope, { id });
    return (row as TaskBookPage | undefined) ?? null;
  },

  async sections(db: Queryable, taskBookId: string) {
    return db.select().from(taskBookSections).where(eq(taskBookSections.taskBookId, taskBookId)).orderBy(asc(taskBookSections.n));
  },

  /** Compare-and-set on the section's version: false when someone saved it first. */
  async saveSection(db: Queryable, taskBookId: string, n: number, version: number, content: unknown, userId: string, now: Date) {
    const rows = await db
      .update(taskBookSections)
      .set({ content, version: sql`${taskBookSections.version} + 1`, updatedAt: now, updatedBy: userId })
      .where(and(eq(taskBookSections.taskBookId, taskBookId), eq(taskBookSections.n, n), eq(taskBookSections.version, version)))
      .returning({ version: taskBookSections.version });
    return rows[0]?.version ?? null;
  },

  async touch(db: Queryable, id: string, now: Date) {
    await db.update(taskBooks).set({ updatedAt: now }).where(eq(taskBooks.id, id));
  },

  async insertVersion(db: Queryable, values: typeof taskBookVersions.$inferInsert) {
    await db.insert(taskBookVersions).values(values);
    await db.update(taskBooks).set({ currentVersion: values.number }).where(eq(taskBooks.id, values.taskBookId));
  },

  async nextVersionNumber(db: Queryable, taskBookId: string) {
    const [row] = await db
      .select({ n: max(taskBookVersions.number) })
      .from(taskBookVersions)
      .where(eq(taskBookVersions.taskBookId, taskBookId));
    return (row?.n ?? 0) + 1;
  },

  versions: (db: Queryable, taskBookId: string) => versionList(db, { taskBookId }),

  /** The version of the pilot's task book that governs its reports: see `signedVersion`. */
  async signedVersion(db: Queryable, scope: Scope, pilotId: string) {
    const [row] = await signedVersion(db, scope, { pilotId });
    return row ?? null;
  },

  async version(db: Queryable, taskBookId: string, number: number) {
    const [row] = await db
      .select()
      .from(taskBookVersions)
      .where(and(eq(taskBookVersions.taskBookId, taskBookId), eq(taskBookVersions.number, number)));
    return row ?? null;
  },

  async setExtension(db: Queryable, id: string, until: string) {
    await db.update(taskBooks).set({ deadlineExtendedTo: until }).where(eq(taskBooks.id, id));
  },

  async openAmendment(db: Queryable, values: typeof taskBookAmendments.$inferInsert) {
    const [row] = await db.insert(taskBookAmendments).values(values).returning({ id: taskBookAmendments.id });
    await db.update(taskBooks).set({ openAmendmentId: row!.id }).where(eq(taskBooks.id, values.taskBookId));
    return row!.id;
  },

  async closeAmendment(db: Queryable, taskBookId: string, amendmentId: string, toVersion: number) {
    await db.update(taskBookAmendments).set({ toVersion }).where(eq(taskBookAmendments.id, amendmentId));
    await db.update(taskBooks).set({ openAmendmentId: null }).where(eq(taskBooks.id, taskBookId));
  },

  async deadlineOfBatch(db: Queryable, year: number) {
    const [row] = await db.select({ deadline: batches.taskBookDeadline }).from(batches).where(eq(batches.year, year));
    return row?.deadline ?? null;
  },
};
