import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Queryable } from '../../db/client.js';
import { annualReports, extensionRequests, pilots, users } from '../../db/schema.js';
import { visible, type Scope } from '../../tenancy/scope.js';
import { inListed, prepared, preparedRead, type Placeholders } from '../../shared/prepared.repository.js';
import { pilotFacts, pilotsWithFacts, reportYearOf } from '../pilots/pilot-facts.repository.js';

/** The deadline an extension moves: a task book's first submission, or the annual report of a year. */
export type DeadlineRef =
  { subject: 'taskBook'; pilotId: string; taskBookId: string } | { subject: 'annualReport'; pilotId: string; year: number };

const requester = alias(users, 'requester');
const decider = alias(users, 'decider');

const head = (db: Queryable) =>
  db
    .select({
      id: extensionRequests.id,
      pilotId: extensionRequests.pilotId,
      subject: extensionRequests.subject,
      taskBookId: extensionRequests.taskBookId,
      year: extensionRequests.reportYear,
      annualReportId: sql<string | null>`(select ${annualReports.id} from ${annualReports}
        where ${annualReports.pilotId} = ${extensionRequests.pilotId} and ${annualReports.year} = ${extensionRequests.reportYear})`,
      status: extensionRequests.status,
      version: extensionRequests.version,
      deadline: extensionRequests.deadline,
      proposedUntil: extensionRequests.proposedUntil,
      reason: extensionRequests.reason,
      requestedAt: extensionRequests.createdAt,
      requestedBy: requester.displayName,
      grantedUntil: extensionRequests.grantedUntil,
      decisionReason: extensionRequests.decisionReason,
      decidedBy: decider.displayName,
      decidedAt: extensionRequests.decidedAt,
      pilotName: pilots.publishedName,
      pilotOrgId: pilots.organisationId,
      supervisorOrgId: pilots.supervisorOrgId,
    })
    .from(extensionRequests)
    .innerJoin(pilots, eq(pilots.id, extensionRequests.pilotId))
    .innerJoin(requester, eq(requester.id, extensionRequests.requestedBy))
    .leftJoin(decider, eq(decider.id, extensionRequests.decidedBy));

export type ExtensionHead = Awaited<ReturnType<typeof head>>[number];

const inScope = (scope: Scope) => visible.byPilot(scope, extensionRequests.pilotId);

/** The requests about one deadline. */
const about = (ref: DeadlineRef): SQL =>
  ref.subject === 'taskBook'
    ? and(eq(extensionRequests.pilotId, ref.pilotId), eq(extensionRequests.taskBookId, ref.taskBookId))!
    : and(
        eq(extensionRequests.pilotId, ref.pilotId),
        eq(extensionRequests.subject, 'annualReport'),
        eq(extensionRequests.reportYear, ref.year),
      )!;

const columnsOf = (ref: DeadlineRef) =>
  ref.subject === 'taskBook'
    ? { subject: ref.subject, pilotId: ref.pilotId, taskBookId: ref.taskBookId }
    : { subject: ref.subject, pilotId: ref.pilotId, reportYear: ref.year };

export const refOf = (h: Pick<ExtensionHead, 'subject' | 'pilotId' | 'taskBookId' | 'year'>): DeadlineRef =>
  h.subject === 'taskBook'
    ? { subject: h.subject, pilotId: h.pilotId, taskBookId: h.taskBookId! }
    : { subject: h.subject, pilotId: h.pilotId, year: h.year! };

const grantedReportDeadlines = prepared('granted_report_deadlines', (db, { pilotId }: Placeholders<{ pilotId: string }>) =>
  db
    .select({ year: extensionRequests.reportYear, until: sql<string>`max(${extensionRequests.grantedUntil})::text` })
    .from(extensionRequests)
    .where(
      and(eq(extensionRequests.pilotId, pilotId), eq(extensionRequests.subject, 'annualReport'), eq(extensionRequests.status, 'granted')),
    )
    .groupBy(extensionRequests.reportYear),
);

/** `statuses`, states the code chooses, are the statement's text. */
const inStates = preparedRead(
  'extensions_in_states',
  (db, scope, _args: Placeholders<Record<never, never>>, shape: { statuses: readonly ExtensionHead['status'][] }) =>
    head(db)
      .where(and(inListed(extensionRequests.status, shape.statuses), inScope(scope)))
      .orderBy(extensionRequests.createdAt),
);

export const extensionRepository = {
  async get(db: Queryable, scope: Scope, id: string): Promise<ExtensionHead | null> {
    const [row] = await head(db).where(and(eq(extensionRequests.id, id), inScope(scope)));
    return row ?? null;
  },

  /** a deadline's requests, newest first */
  listFor(db: Queryable, scope: Scope, ref: DeadlineRef) {
    return head(db)
      .where(and(about(ref), inScope(scope)))
      .orderBy(desc(extensionRequests.createdAt));
  },

  /** requests in a state, in the actor's scope (the to-do list) */
  listInState: (db: Queryable, scope: Scope, statuses: ExtensionHead['status'][]) => inStates(db, scope, {}, { statuses }),

  async openFor(db: Queryable, ref: DeadlineRef): Promise<string | null> {
    const [row] = await db
      .select({ id: extensionRequests.id })
      .from(extensionRequests)
      .where(and(about(ref), eq(extensionRequests.status, 'requested')));
    return row?.id ?? null;
  },

  /**
   * A year's report as a deadline, for a pilot in scope: whether it is owed and not yet submitted (the dashboard's
   * own facts), its due date now (31 December or the latest extension), and the report once started.
   */
  async reportDeadline(db: Queryable, scope: Scope, pilotId: string, year: number, today: string) {
    const at = reportYearOf(today, year);
    const facts = pilotFacts(today, at);
    const [row] = (
      await db.execute<{
        pilotId: string;
        pilotName: string;
        pilotOrgId: string;
        supervisorOrgId: string;
        owed: boolean;
        deadline: string;
        reportId: string | null;
      }>(sql`select ${pilots.id} as "pilotId", ${pilots.publishedName} as "pilotName", ${pilots.organisationId} as "pilotOrgId",
          ${pilots.supervisorOrgId} as "supervisorOrgId", ${facts.report('due')} and not ${facts.report('submitted')} as owed,
          ${facts.reportDeadline()} as deadline, ${facts.reportId()} as "reportId"
        from ${pilotsWithFacts(at)} where ${and(eq(pilots.id, pilotId), visible.pilots(scope))}`)
    ).rows;
    return row ?? null;
  },

  /** A pilot in scope that never started its task book: owed by its batch's deadline (null: none is set). */
  async unstartedTaskBook(db: Queryable, scope: Scope, pilotId: string, today: string) {
    const facts = pilotFacts(today, null);
    const [row] = (
      await db.execute<{ pilotName: string; pilotOrgId: string; supervisorOrgId: string; deadline: string | null }>(sql`
        select ${pilots.publishedName} as "pilotName", ${pilots.organisationId} as "pilotOrgId",
          ${pilots.supervisorOrgId} as "supervisorOrgId", ${facts.taskBookDeadline()} as deadline
        from ${pilotsWithFacts(null)} where ${and(eq(pilots.id, pilotId), visible.pilots(scope), facts.taskBook('none'))}`)
    ).rows;
    return row ?? null;
  },

  /**
   * Reports owed and not submitted whose due date (extended or not) is `from` or later: what the reminders plan for.
   * The years looked at are this one and the last, and those of extensions granted to a date still ahead.
   */
  async reportDeadlinesFrom(db: Queryable, from: string, today: string) {
    const thisYear = Number(today.slice(0, 4));
    const extended = await db
      .selectDistinct({ year: extensionRequests.reportYear })
      .from(extensionRequests)
      .where(
        and(
          eq(extensionRequests.subject, 'annualReport'),
          eq(extensionRequests.status, 'granted'),
          sql`${extensionRequests.grantedUntil} >= ${from}`,
        ),
      );
    const years = [...new Set([thisYear - 1, thisYear, ...extended.map((e) => e.year!)])];
    const rows = await Promise.all(
      years.map(async (year) => {
        const at = reportYearOf(today, year);
        const facts = pilotFacts(today, at);
        const result = await db.execute<{ pilotId: string; deadline: string }>(sql`
          select ${pilots.id} as "pilotId", ${facts.reportDeadline()} as deadline from ${pilotsWithFacts(at)}
          where ${facts.report('due')} and not ${facts.report('submitted')} and ${facts.reportDeadline()} >= ${from}`);
        return result.rows.map((r) => ({ ...r, year }));
      }),
    );
    return rows.flat();
  },

  /** A pilot's reports' extended due dates by year (the latest grant of each); unscoped: the caller checked the pilot. */
  async grantedReportDeadlines(db: Queryable, pilotId: string): Promise<Map<number, string>> {
    const rows = await grantedReportDeadlines(db, { pilotId });
    return new Map(rows.map((r) => [r.year!, r.until]));
  },

  async insert(
    db: Queryable,
    v: {
      ref: DeadlineRef;
      deadline: string | null;
      proposedUntil: string;
      reason: string;
      requestedBy: string;
      at: Date;
    },
  ) {
    const { ref, at, ...rest } = v;
    const [row] = await db
      .insert(extensionRequests)
      .values({ ...columnsOf(ref), ...rest, createdAt: at, updatedAt: at })
      .returning({ id: extensionRequests.id });
    return row!.id;
  },

  async decide(db: Queryable, id: string, d: { grantedUntil: string | null; decisionReason: string | null; decidedBy: string; at: Date }) {
    await db
      .update(extensionRequests)
      .set({ grantedUntil: d.grantedUntil, decisionReason: d.decisionReason, decidedBy: d.decidedBy, decidedAt: d.at })
      .where(eq(extensionRequests.id, id));
  },
};
