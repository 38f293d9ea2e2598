import { and, asc, count, eq, inArray, max, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { ApplicationInput, ApplicationStatus } from '@smartcity/domain';
import type { Queryable } from '../../db/client.js';
import { applications, batches, calls, expertReviews, organisations, pilots, provinces } from '../../db/schema.js';
import { visible, type Scope } from '../../tenancy/scope.js';
import { inListed, preparedRead, type Placeholders } from '../../shared/prepared.repository.js';

const applicant = alias(organisations, 'applicant');
const supervisor = alias(organisations, 'supervisor');

const headColumns = {
  id: applications.id,
  callId: applications.callId,
  organisationId: applications.organisationId,
  provinceCode: applications.provinceCode,
  supervisorOrgId: applications.supervisorOrgId,
  name: applications.name,
  kind: applications.kind,
  adminCode: applications.adminCode,
  summary: applications.summary,
  declarations: applications.declarations,
  contact: applications.contact,
  status: applications.status,
  version: applications.version,
  provinceReport: applications.provinceReport,
  decisionReason: applications.decisionReason,
  pilotId: applications.pilotId,
  updatedAt: applications.updatedAt,
  callYear: batches.year,
  callTitle: calls.title,
  callStatus: calls.status,
  callOpensOn: calls.opensOn,
  callClosesOn: calls.closesOn,
  quotaPerProvince: calls.quotaPerProvince,
  rubric: calls.rubric,
  batchId: calls.batchId,
  requiredAttachments: calls.requiredAttachments,
  organisationName: applicant.name,
  provinceName: provinces.name,
  supervisorName: supervisor.name,
};

const head = (db: Queryable) =>
  db
    .select(headColumns)
    .from(applications)
    .innerJoin(calls, eq(calls.id, applications.callId))
    .innerJoin(batches, eq(batches.id, calls.batchId))
    .innerJoin(applicant, eq(applicant.id, applications.organisationId))
    .innerJoin(supervisor, eq(supervisor.id, applications.supervisorOrgId))
    .innerJoin(provinces, eq(provinces.code, applications.provinceCode));

export type ApplicationHead = Awaited<ReturnType<typeof head>>[number];

const oneApplication = preparedRead('application', (db, scope, { id }: Placeholders<{ id: string }>) =>
  head(db)
    .where(and(eq(applications.id, id), visible.applications(scope)))
    .limit(1),
);

const ranked = preparedRead('call_ranking', (db, scope, { callId }: Placeholders<{ callId: string }>) =>
  db
    .select({
      id: applications.id,
      name: applications.name,
      status: applications.status,
      provinceCode: applications.provinceCode,
      provinceName: provinces.name,
      organisationName: applicant.name,
      totals: sql<number[]>`array(select ${expertReviews.total} from ${expertReviews}
        where ${expertReviews.subjectType} = 'application' and ${expertReviews.subjectId} = ${applications.id}
          and ${expertReviews.submittedAt} is not null and ${expertReviews.total} is not null)`,
    })
    .from(applications)
    .innerJoin(applicant, eq(applicant.id, applications.organisationId))
    .innerJoin(provinces, eq(provinces.code, applications.provinceCode))
    .where(and(visible.applications(scope), eq(applications.callId, callId), inArray(applications.status, [...FORWARDED]))),
);

export interface ApplicationFilter {
  call?: string | undefined;
  status?: ApplicationStatus | undefined;
  statuses?: readonly ApplicationStatus[] | undefined;
}

/** `statuses`, the code's own lists (FORWARDED …), are part of the statement's text: a shape, not a value. */
const applicationList = preparedRead(
  'application_list',
  (
    db,
    scope,
    { call, status }: Placeholders<{ call: string | undefined; status: ApplicationStatus | undefined }>,
    shape: { statuses: readonly ApplicationStatus[] | undefined },
  ) =>
    head(db)
      .where(
        and(
          visible.applications(scope),
          call && eq(applications.callId, call),
          status && eq(applications.status, status),
          inListed(applications.status, shape.statuses),
        ),
      )
      .orderBy(asc(batches.year), asc(applications.provinceCode), asc(applications.name)),
);

/** Applications a province has recommended to the Ministry: they count against its quota. */
export const FORWARDED: readonly ApplicationStatus[] = ['expertReview', 'designated', 'declined'];
/** Submitted but not yet decided: a call's result cannot be published while any remain. */
export const UNDECIDED: readonly ApplicationStatus[] = ['provinceReview', 'expertReview'];

export const applicationRepository = {
  list: (db: Queryable, scope: Scope, filter: ApplicationFilter) =>
    applicationList(db, scope, { call: filter.call, status: filter.status }, { statuses: filter.statuses }),

  /**
   * A call's recommended applications with their experts' submitted totals, in one statement: only what its ranking
   * shows (the list's head carries the call's rubric and each application's texts on every row).
   */
  forRanking: (db: Queryable, scope: Scope, callId: string) => ranked(db, scope, { callId }),

  async get(db: Queryable, scope: Scope, id: string): Promise<ApplicationHead | null> {
    const [row] = await oneApplication(db, scope, { id });
    return row ?? null;
  },

  /** null when the organisation already applied in this call (one application per organisation and call). */
  async create(db: Queryable, values: typeof applications.$inferInsert) {
    const rows = await db.insert(applications).values(values).onConflictDoNothing().returning({ id: applications.id });
    return rows[0]?.id ?? null;
  },

  async findForOrganisation(db: Queryable, callId: string, organisationId: string) {
    const [row] = await db
      .select({ id: applications.id })
      .from(applications)
      .where(and(eq(applications.callId, callId), eq(applications.organisationId, organisationId)));
    return row ?? null;
  },

  /** Compare-and-set on the version, and only while a draft: null when someone saved first or it was submitted meanwhile. */
  async update(db: Queryable, id: string, version: number, input: ApplicationInput, now: Date) {
    const rows = await db
      .update(applications)
      .set({ ...input, version: sql`${applications.version} + 1`, updatedAt: now })
      .where(and(eq(applications.id, id), eq(applications.version, version), eq(applications.status, 'draft')))
      .returning({ version: applications.version });
    return rows[0]?.version ?? null;
  },

  async setOutcome(
    db: Queryable,
    id: string,
    outcome: Partial<Pick<typeof applications.$inferInsert, 'provinceReport' | 'decisionReason' | 'pilotId'>>,
  ) {
    await db.update(applications).set(outcome).where(eq(applications.id, id));
  },

  /** Recommendations a provincial department has already made in a call (its quota is spent by these). */
  async forwardedBy(db: Queryable, callId: string, supervisorOrgId: string) {
    const [row] = await db
      .select({ n: count() })
      .from(applications)
      .where(
        and(
          eq(applications.callId, callId),
          eq(applications.supervisorOrgId, supervisorOrgId),
          inArray(applications.status, [...FORWARDED]),
        ),
      );
    return row?.n ?? 0;
  },

  async countInCall(db: Queryable, callId: string, statuses: readonly ApplicationStatus[]) {
    const [row] = await db
      .select({ n: count() })
      .from(applications)
      .where(and(eq(applications.callId, callId), inArray(applications.status, [...statuses])));
    return row?.n ?? 0;
  },

  // ---- designation: the applicant becomes a pilot of the call's batch ----

  async nextPilotSeq(db: Queryable, batchId: string) {
    const [row] = await db
      .select({ seq: max(pilots.seq) })
      .from(pilots)
      .where(eq(pilots.batchId, batchId));
    return (row?.seq ?? 0) + 1;
  },

  async createPilot(db: Queryable, values: typeof pilots.$inferInsert) {
    const [row] = await db.insert(pilots).values(values).returning({ id: pilots.id });
    return row!.id;
  },

  /** The applicant government now governs a pilot: same organisation, same users, tier pilot. */
  async makePilotGovernment(db: Queryable, organisationId: string) {
    await db
      .update(organisations)
      .set({ type: 'pilotGov' })
      .where(and(eq(organisations.id, organisationId), eq(organisations.type, 'applicantGov')));
  },
};
