import { panelBasisSchema, type PanelBasis } from '@smartcity/domain';
import { and, asc, count, desc, eq, inArray, isNotNull, isNull, ne, notInArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Queryable } from '../../db/client.js';
import {
  acceptances,
  applications,
  batches,
  calls,
  expertAssignments,
  expertReviews,
  organisations,
  pilots,
  provinces,
  users,
} from '../../db/schema.js';
import type { Subject } from '../../shared/subject.js';

/** One expert_reviews row per expert and subject (an application's 综合评审, a pilot's 验收). */
type SubjectRef = Pick<Subject, 'type' | 'id'>;
const ofSubject = (s: SubjectRef) => and(eq(expertReviews.subjectType, s.type), eq(expertReviews.subjectId, s.id));

/** Open = assigned and not yet submitted, on any subject: what an expert still has to do. */
const openLoad =
  sql<number>`(select count(*) from ${expertReviews} where ${expertReviews.expertUserId} = ${users.id} and ${expertReviews.submittedAt} is null)`.mapWith(
    Number,
  );

/** Active scoring members of the expert committee (role reviewer), with home province and open load. */
const experts = (db: Queryable) =>
  db
    .select({
      id: users.id,
      username: users.username,
      name: users.displayName,
      homeProvinceCode: users.homeProvinceCode,
      homeProvinceName: provinces.name,
      openLoad,
    })
    .from(users)
    .innerJoin(organisations, and(eq(organisations.id, users.organisationId), eq(organisations.type, 'expertCommittee')))
    .leftJoin(provinces, eq(provinces.code, users.homeProvinceCode));
const scoring = and(eq(users.disabled, false), sql`'reviewer' = any(${users.roles})`);
/** the batch of an application's call (the pilot's batch joins as `batches`) */
const callBatches = alias(batches, 'call_batches');
export type ExpertRow = Awaited<ReturnType<typeof experts>>[number];

/**
 * The basis of an assignment is kept as JSON in the explanation column, so it can be worded in each reader's
 * language; rows from before hold their Chinese words (basis null, the words shown as they are).
 */
function basisOf(stored: string): PanelBasis | null {
  try {
    const parsed = panelBasisSchema.safeParse(JSON.parse(stored));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export const expertPanelRepository = {
  /**
   * Who may be chosen automatically for a subject of this province: a recorded home province that is not it
   * (with none on file the conflict cannot be ruled out), least loaded first, ties by username in byte order
   * so they fall the same way on every engine and collation.
   */
  async candidates(db: Queryable, provinceCode: string, exclude: string[]) {
    return experts(db)
      .where(
        and(
          scoring,
          isNotNull(users.homeProvinceCode),
          ne(users.homeProvinceCode, provinceCode),
          exclude.length ? notInArray(users.id, exclude) : undefined,
        ),
      )
      .orderBy(asc(openLoad), asc(sql`${users.username} collate "C"`));
  },

  /** Every scoring member of the committee, least loaded first, then by username in byte order. */
  async committee(db: Queryable) {
    return experts(db)
      .where(scoring)
      .orderBy(asc(openLoad), asc(sql`${users.username} collate "C"`));
  },

  /** Named users who are scoring members of the committee (others are simply absent). */
  async experts(db: Queryable, userIds: string[]) {
    if (userIds.length === 0) return [];
    return experts(db).where(and(scoring, inArray(users.id, userIds)));
  },

  /** The panel of a subject with every score: the presenter decides what a viewer may see. */
  async members(db: Queryable, subject: SubjectRef) {
    const rows = await db
      .select({
        id: expertReviews.id,
        expertUserId: expertReviews.expertUserId,
        name: users.displayName,
        explanation: expertReviews.explanation,
        scores: expertReviews.scores,
        total: expertReviews.total,
        comment: expertReviews.comment,
        noConflictDeclaredAt: expertReviews.noConflictDeclaredAt,
        submittedAt: expertReviews.submittedAt,
      })
      .from(expertReviews)
      .innerJoin(users, eq(users.id, expertReviews.expertUserId))
      .where(ofSubject(subject))
      .orderBy(asc(expertReviews.createdAt), asc(sql`${users.username} collate "C"`));
    return rows.map((r) => ({ ...r, basis: basisOf(r.explanation) }));
  },

  async insert(db: Queryable, subject: Subject, rows: { expertUserId: string; basis: PanelBasis }[]) {
    if (rows.length === 0) return;
    await db.insert(expertReviews).values(
      rows.map((r) => ({
        subjectType: subject.type,
        subjectId: subject.id,
        ownerOrgId: subject.ownerOrgId,
        expertUserId: r.expertUserId,
        explanation: JSON.stringify(r.basis),
      })),
    );
  },

  /** Removes an expert's unsubmitted review: false when there is none (never assigned, or already scored). */
  async removeOpen(db: Queryable, subject: SubjectRef, expertUserId: string) {
    const rows = await db
      .delete(expertReviews)
      .where(and(ofSubject(subject), eq(expertReviews.expertUserId, expertUserId), isNull(expertReviews.submittedAt)))
      .returning({ id: expertReviews.id });
    return rows.length === 1;
  },

  /** Records an expert's scores once: false when they were already submitted. */
  async submit(
    db: Queryable,
    subject: SubjectRef,
    expertUserId: string,
    s: { scores: Record<string, number>; total: number; comment: string; at: Date },
  ) {
    const rows = await db
      .update(expertReviews)
      .set({ scores: s.scores, total: s.total, comment: s.comment, submittedAt: s.at })
      .where(and(ofSubject(subject), eq(expertReviews.expertUserId, expertUserId), isNull(expertReviews.submittedAt)))
      .returning({ id: expertReviews.id });
    return rows.length === 1;
  },

  /** The expert declares no conflict of interest, once, before scoring: false when there is no open review. */
  async declareNoConflict(db: Queryable, subject: SubjectRef, expertUserId: string, at: Date) {
    const rows = await db
      .update(expertReviews)
      .set({ noConflictDeclaredAt: at })
      .where(and(ofSubject(subject), eq(expertReviews.expertUserId, expertUserId), isNull(expertReviews.submittedAt)))
      .returning({ id: expertReviews.id });
    return rows.length === 1;
  },

  /** Keeps a draft of the score sheet (no total: nothing is counted until submitted); false when already submitted. */
  async saveDraft(db: Queryable, subject: SubjectRef, expertUserId: string, d: { scores: Record<string, number>; comment: string }) {
    const rows = await db
      .update(expertReviews)
      .set({ scores: d.scores, comment: d.comment })
      .where(and(ofSubject(subject), eq(expertReviews.expertUserId, expertUserId), isNull(expertReviews.submittedAt)))
      .returning({ id: expertReviews.id });
    return rows.length === 1;
  },

  /**
   * Every review an expert is on, with what it scores (an application and its call's year, or a pilot's acceptance
   * and its batch's year) and whether that subject is still in 专家评审: newest first.
   */
  async tasksOf(db: Queryable, expertUserId: string) {
    return db
      .select({
        subjectType: expertReviews.subjectType,
        subjectId: expertReviews.subjectId,
        name: sql<string>`coalesce(${applications.name}, ${pilots.publishedName})`,
        year: sql<number>`coalesce(${callBatches.year}, ${batches.year})`.mapWith(Number),
        open: sql<boolean>`coalesce(${applications.status}, ${acceptances.status}) = 'expertReview'`,
        noConflictDeclaredAt: expertReviews.noConflictDeclaredAt,
        scores: expertReviews.scores,
        submittedAt: expertReviews.submittedAt,
        total: expertReviews.total,
      })
      .from(expertReviews)
      .leftJoin(applications, and(eq(expertReviews.subjectType, 'application'), eq(applications.id, expertReviews.subjectId)))
      .leftJoin(calls, eq(calls.id, applications.callId))
      .leftJoin(callBatches, eq(callBatches.id, calls.batchId))
      .leftJoin(acceptances, and(eq(expertReviews.subjectType, 'acceptance'), eq(acceptances.id, expertReviews.subjectId)))
      .leftJoin(pilots, eq(pilots.id, acceptances.pilotId))
      .leftJoin(batches, eq(batches.id, pilots.batchId))
      .where(eq(expertReviews.expertUserId, expertUserId))
      .orderBy(desc(expertReviews.createdAt), asc(expertReviews.subjectId));
  },

  async submittedCount(db: Queryable, subject: SubjectRef) {
    const [row] = await db
      .select({ n: count() })
      .from(expertReviews)
      .where(and(ofSubject(subject), isNotNull(expertReviews.submittedAt)));
    return row?.n ?? 0;
  },

  /** Assigned and submitted counts per subject of a type (to-do lists). */
  async counts(db: Queryable, type: Subject['type'], ids: string[]) {
    if (ids.length === 0) return new Map<string, { assigned: number; submitted: number }>();
    const rows = await db
      .select({
        subjectId: expertReviews.subjectId,
        assigned: count(),
        submitted: sql<number>`count(${expertReviews.submittedAt})`.mapWith(Number),
      })
      .from(expertReviews)
      .where(and(eq(expertReviews.subjectType, type), inArray(expertReviews.subjectId, ids)))
      .groupBy(expertReviews.subjectId);
    return new Map(rows.map((r) => [r.subjectId, { assigned: r.assigned, submitted: r.submitted }]));
  },

  /** Subjects of a type an expert is assigned to and has not scored yet (its to-do list). */
  async pendingFor(db: Queryable, expertUserId: string, type: Subject['type']) {
    const rows = await db
      .select({ subjectId: expertReviews.subjectId })
      .from(expertReviews)
      .where(and(eq(expertReviews.expertUserId, expertUserId), eq(expertReviews.subjectType, type), isNull(expertReviews.submittedAt)));
    return rows.map((r) => r.subjectId);
  },

  /** The expert committee, told when it has new work. */
  async committeeOrgId(db: Queryable) {
    const [row] = await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.type, 'expertCommittee')).limit(1);
    return row?.id ?? null;
  },

  /** Read access to a pilot's records for its panel's experts (验收). */
  async grantPilot(db: Queryable, pilotId: string, expertUserIds: string[]) {
    if (expertUserIds.length === 0) return;
    await db
      .insert(expertAssignments)
      .values(expertUserIds.map((expertUserId) => ({ expertUserId, pilotId })))
      .onConflictDoNothing();
  },

  /** Ends that access; returns the experts whose access ended. */
  async revokePilot(db: Queryable, pilotId: string, expertUserIds?: string[]) {
    if (expertUserIds?.length === 0) return [];
    const rows = await db
      .delete(expertAssignments)
      .where(
        and(eq(expertAssignments.pilotId, pilotId), expertUserIds ? inArray(expertAssignments.expertUserId, expertUserIds) : undefined),
      )
      .returning({ expertUserId: expertAssignments.expertUserId });
    return rows.map((r) => r.expertUserId);
  },
};
export type PanelMember = Awaited<ReturnType<typeof expertPanelRepository.members>>[number];
