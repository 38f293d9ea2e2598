import { and, asc, count, eq, inArray, isNotNull, isNull, ne, notInArray, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { expertReviews, organisations, provinces, users } from '../../db/schema.js';

/** Expert scoring of applications (综合评审): one expert_reviews row per expert and application. */
const ofApplication = (applicationId: string) =>
  and(eq(expertReviews.subjectType, 'application'), eq(expertReviews.subjectId, applicationId));

const reviewColumns = {
  id: expertReviews.id,
  expertUserId: expertReviews.expertUserId,
  expertName: users.displayName,
  explanation: expertReviews.explanation,
  scores: expertReviews.scores,
  comment: expertReviews.comment,
  total: expertReviews.total,
  submittedAt: expertReviews.submittedAt,
  createdAt: expertReviews.createdAt,
};
export type ExpertReviewRow = Awaited<ReturnType<typeof expertReviewRepository.forApplication>>[number];

/** Open = assigned and not yet submitted, on any subject: what an expert still has to do. */
const openLoad =
  sql<number>`(select count(*) from ${expertReviews} where ${expertReviews.expertUserId} = ${users.id} and ${expertReviews.submittedAt} is null)`.mapWith(
    Number,
  );

const expertColumns = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  homeProvinceCode: users.homeProvinceCode,
  homeProvinceName: provinces.name,
  roles: users.roles,
  openLoad,
};
const experts = (db: Queryable) =>
  db
    .select(expertColumns)
    .from(users)
    .innerJoin(organisations, and(eq(organisations.id, users.organisationId), eq(organisations.type, 'expertCommittee')))
    .leftJoin(provinces, eq(provinces.code, users.homeProvinceCode));
export type ExpertRow = Awaited<ReturnType<typeof experts>>[number];

export const expertReviewRepository = {
  async forApplication(db: Queryable, applicationId: string) {
    return db
      .select(reviewColumns)
      .from(expertReviews)
      .innerJoin(users, eq(users.id, expertReviews.expertUserId))
      .where(ofApplication(applicationId))
      .orderBy(asc(expertReviews.createdAt), asc(users.username));
  },

  async submittedCount(db: Queryable, applicationId: string) {
    const [row] = await db
      .select({ n: count() })
      .from(expertReviews)
      .where(and(ofApplication(applicationId), isNotNull(expertReviews.submittedAt)));
    return row?.n ?? 0;
  },

  /** Submitted totals of several applications (the panel's ranking). */
  async submittedTotals(db: Queryable, applicationIds: string[]) {
    if (applicationIds.length === 0) return [];
    return db
      .select({ applicationId: expertReviews.subjectId, total: expertReviews.total })
      .from(expertReviews)
      .where(
        and(
          eq(expertReviews.subjectType, 'application'),
          inArray(expertReviews.subjectId, applicationIds),
          isNotNull(expertReviews.submittedAt),
        ),
      );
  },

  /** Committee members with the reviewer role who may score an application of this province, least loaded first. */
  async candidates(db: Queryable, provinceCode: string, exclude: string[]) {
    return (
      experts(db)
        .where(
          and(
            eq(users.disabled, false),
            sql`'reviewer' = any(${users.roles})`,
            // no home province on file means the conflict cannot be ruled out: such a member is never chosen automatically
            ne(users.homeProvinceCode, provinceCode),
            exclude.length ? notInArray(users.id, exclude) : undefined,
          ),
        )
        // byte order, so ties fall the same way on every engine and locale
        .orderBy(asc(openLoad), asc(sql`${users.username} collate "C"`))
    );
  },

  /** Named users, whatever their organisation: the caller checks each is an expert who may review. */
  async experts(db: Queryable, userIds: string[]) {
    if (userIds.length === 0) return [];
    return experts(db).where(and(inArray(users.id, userIds), eq(users.disabled, false)));
  },

  async assign(db: Queryable, rows: { applicationId: string; ownerOrgId: string; expertUserId: string; explanation: string }[]) {
    if (rows.length === 0) return;
    await db.insert(expertReviews).values(
      rows.map((r) => ({
        subjectType: 'application',
        subjectId: r.applicationId,
        ownerOrgId: r.ownerOrgId,
        expertUserId: r.expertUserId,
        explanation: r.explanation,
      })),
    );
  },

  /** Records an expert's scores once: false when they were already submitted. */
  async submit(
    db: Queryable,
    applicationId: string,
    expertUserId: string,
    s: { scores: Record<string, number>; comment: string; total: number; at: Date },
  ) {
    const rows = await db
      .update(expertReviews)
      .set({ scores: s.scores, comment: s.comment, total: s.total, submittedAt: s.at })
      .where(and(ofApplication(applicationId), eq(expertReviews.expertUserId, expertUserId), isNull(expertReviews.submittedAt)))
      .returning({ id: expertReviews.id });
    return rows.length === 1;
  },

  /** Assignments of one expert still to be scored (their to-do list). */
  async openFor(db: Queryable, expertUserId: string) {
    return db
      .select({ applicationId: expertReviews.subjectId })
      .from(expertReviews)
      .where(
        and(eq(expertReviews.subjectType, 'application'), eq(expertReviews.expertUserId, expertUserId), isNull(expertReviews.submittedAt)),
      );
  },

  /** Assigned and submitted counts per application. */
  async countsFor(db: Queryable, applicationIds: string[]) {
    if (applicationIds.length === 0) return new Map<string, { assigned: number; submitted: number }>();
    const rows = await db
      .select({
        applicationId: expertReviews.subjectId,
        assigned: count(),
        submitted: sql<number>`count(${expertReviews.submittedAt})`.mapWith(Number),
      })
      .from(expertReviews)
      .where(and(eq(expertReviews.subjectType, 'application'), inArray(expertReviews.subjectId, applicationIds)))
      .groupBy(expertReviews.subjectId);
    return new Map(rows.map((r) => [r.applicationId, { assigned: r.assigned, submitted: r.submitted }]));
  },
};
