import { and, desc, eq } from 'drizzle-orm';
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
    r: { action: string; versionNumber?: number; reason: string | null; itemReasons?: ItemReason[] },
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
    });
  },

  async list(db: Queryable, subject: Pick<Subject, 'type' | 'id'>) {
    return db
      .select()
      .from(reviews)
      .where(and(eq(reviews.subjectType, subject.type), eq(reviews.subjectId, subject.id)))
      .orderBy(desc(reviews.createdAt));
  },
};

export const presentReview = (r: ReviewRow) => ({
  action: r.action,
  reason: r.reason,
  itemReasons: r.itemReasons,
  byName: r.byName,
  versionNumber: r.versionNumber,
  at: r.createdAt.toISOString(),
});
