import { and, desc, eq, sql, type Column } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { reviews } from '../db/schema.js';
import type { Actor } from '../tenancy/actor.js';
import type { Subject } from './subject.js';

export type ReviewRow = typeof reviews.$inferSelect;
export type ItemReason = { item: string | null; text: string };

/** Review decisions (approve, return, forward …) with their reasons, newest first. Callers load the subject in scope first. */
export const reviewRepository = {
  async add(
    db: Queryable,
    subject: Subject,
    actor: Actor,
    // `at` is the platform's clock, not the database's: the demo's history is made at its own dates
    r: { action: string; versionNumber?: number; reason: string | null; itemReasons?: ItemReason[]; at: Date },
  ) {
    await db.insert(reviews).values({
      subjectType: subject.type,
      subjectId: subject.id,
      ownerOrgId: subject.ownerOrgId,
      versionNumber: r.versionNumber ?? 0,
      action: r.action,
      reason: r.reason,
      itemReasons: r.itemReasons ?? [],
      byUserId: actor.userId,
      byName: actor.displayName,
      organisationId: actor.organisationId,
      // never before the subject's previous decision, so "newest first" holds when a clock stands still (tests)
      createdAt: sql`greatest(${r.at.toISOString()}::timestamptz, (select max(${reviews.createdAt}) + interval '1 millisecond'
        from ${reviews} where ${reviews.subjectType} = ${subject.type} and ${reviews.subjectId} = ${subject.id}))`,
    });
  },

  async list(db: Queryable, subject: Pick<Subject, 'type' | 'id'>) {
    return db.select().from(reviews).where(reviewsWhere(subject)).orderBy(reviewOrder);
  },
};

/** A subject's reviews (its id a value, or a column of an enclosing statement), newest first. */
export const reviewsWhere = (subject: { type: Subject['type']; id: string | Column }) =>
  and(eq(reviews.subjectType, subject.type), eq(reviews.subjectId, subject.id));
export const reviewOrder = desc(reviews.createdAt);

export const presentReview = (r: ReviewRow) => ({
  action: r.action,
  reason: r.reason,
  itemReasons: r.itemReasons,
  byName: r.byName,
  versionNumber: r.versionNumber,
  at: r.createdAt.toISOString(),
});
