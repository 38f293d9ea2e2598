import { and, asc, count, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Queryable, Tx } from '../../db/client.js';
import { expertAssignments, expertReviews, organisations, provinces, users } from '../../db/schema.js';
import { MIN_EXPERTS } from '@smartcity/domain';
import { AppError } from '../../lib/errors.js';
import type { Subject } from '../../shared/subject.js';

/*
 * Expert scoring of a subject (an acceptance here; an application's 综合评审 works the same way): who may be
 * assigned, load-balanced automatic assignment, conflict of interest, one score per expert, blind until one's own
 * submission. Neutral on purpose, so both lifecycles can share it.
 */

const ofSubject = (s: Pick<Subject, 'type' | 'id'>) => and(eq(expertReviews.subjectType, s.type), eq(expertReviews.subjectId, s.id));

/** Open work per expert: assigned scores not yet submitted, in any lifecycle. */
const openLoad = (db: Queryable) =>
  db
    .select({ expertUserId: expertReviews.expertUserId, n: count().as('n') })
    .from(expertReviews)
    .where(isNull(expertReviews.submittedAt))
    .groupBy(expertReviews.expertUserId)
    .as('load');

/** Members of the expert committee who score (role reviewer), with their home province and current load, least loaded first. */
async function candidates(db: Queryable, userIds?: string[]) {
  const load = openLoad(db);
  return db
    .select({
      id: users.id,
      name: users.displayName,
      home: users.homeProvinceCode,
      homeName: provinces.name,
      load: sql<number>`coalesce(${load.n}, 0)`.mapWith(Number),
    })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .leftJoin(provinces, eq(provinces.code, users.homeProvinceCode))
    .leftJoin(load, eq(load.expertUserId, users.id))
    .where(
      and(
        eq(organisations.type, 'expertCommittee'),
        eq(users.disabled, false),
        sql`'reviewer' = any(${users.roles})`,
        userIds ? inArray(users.id, userIds) : undefined,
      ),
    )
    .orderBy(sql`coalesce(${load.n}, 0)`, asc(users.username));
}

export interface AssignRequest {
  /** the subject's province: its experts are in conflict of interest */
  provinceCode: string;
  /** the pilot concerned, if any: assigned experts may then read its records (task book, reports) */
  pilotId: string | null;
  /** chosen by hand; omitted → the least loaded experts without a conflict */
  expertUserIds?: string[] | undefined;
  /** how many experts the panel should have in all */
  count: number;
}

export const expertPanel = {
  async assign(tx: Tx, subject: Subject, req: AssignRequest) {
    const already = new Set(
      (await tx.select({ id: expertReviews.expertUserId }).from(expertReviews).where(ofSubject(subject))).map((r) => r.id),
    );
    let chosen: Awaited<ReturnType<typeof candidates>>;
    if (req.expertUserIds) {
      const found = await candidates(tx, req.expertUserIds);
      chosen = req.expertUserIds.map((id, i) => {
        const expert = found.find((e) => e.id === id);
        if (!expert) throw new AppError(422, 'not_an_expert', `expertUserIds.${i}`);
        // no home province on file: the conflict cannot be ruled out
        if (expert.home === null || expert.home === req.provinceCode) throw new AppError(422, 'conflict_of_interest', `expertUserIds.${i}`);
        return expert;
      });
    } else {
      const free = (await candidates(tx)).filter((e) => e.home !== null && e.home !== req.provinceCode && !already.has(e.id));
      const needed = Math.max(0, req.count - already.size);
      if (free.length < needed) throw new AppError(422, 'not_enough_experts', 'count');
      chosen = free.slice(0, needed);
    }
    chosen = chosen.filter((e, i) => chosen.findIndex((x) => x.id === e.id) === i);
    if (already.size + chosen.filter((e) => !already.has(e.id)).length < MIN_EXPERTS) {
      throw new AppError(422, 'not_enough_experts', req.expertUserIds ? 'expertUserIds' : 'count');
    }
    const fresh = chosen.filter((e) => !already.has(e.id));
    if (fresh.length) {
      await tx.insert(expertReviews).values(
        fresh.map((e) => ({
          subjectType: subject.type,
          subjectId: subject.id,
          ownerOrgId: subject.ownerOrgId,
          expertUserId: e.id,
          explanation: `籍贯${e.homeName ?? e.home}，回避本省；分配时待评 ${e.load} 项`,
        })),
      );
      if (req.pilotId) {
        await tx
          .insert(expertAssignments)
          .values(fresh.map((e) => ({ expertUserId: e.id, pilotId: req.pilotId! })))
          .onConflictDoNothing();
      }
    }
    return fresh.map((e) => ({ id: e.id, name: e.name }));
  },

  /** The expert committee, told when it has new work. */
  async committeeOrgId(db: Queryable) {
    const [row] = await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.type, 'expertCommittee')).limit(1);
    return row?.id ?? null;
  },

  /** The panel with every score: callers decide what the actor may see (see `blind`). */
  async members(db: Queryable, subject: Pick<Subject, 'type' | 'id'>) {
    return db
      .select({
        expertUserId: expertReviews.expertUserId,
        name: users.displayName,
        explanation: expertReviews.explanation,
        total: expertReviews.total,
        comment: expertReviews.comment,
        submittedAt: expertReviews.submittedAt,
      })
      .from(expertReviews)
      .innerJoin(users, eq(users.id, expertReviews.expertUserId))
      .where(ofSubject(subject))
      .orderBy(asc(expertReviews.createdAt), asc(users.username));
  },

  async submittedCount(db: Queryable, subject: Pick<Subject, 'type' | 'id'>) {
    const [row] = await db
      .select({ n: count() })
      .from(expertReviews)
      .where(and(ofSubject(subject), sql`${expertReviews.submittedAt} is not null`));
    return row?.n ?? 0;
  },

  /** One submission per expert: a score seen by the others cannot be changed after seeing theirs. */
  async score(
    tx: Tx,
    subject: Pick<Subject, 'type' | 'id'>,
    expertUserId: string,
    s: { scores: Record<string, number>; total: number; comment: string },
    now: Date,
  ) {
    const [mine] = await tx
      .select({ submittedAt: expertReviews.submittedAt })
      .from(expertReviews)
      .where(and(ofSubject(subject), eq(expertReviews.expertUserId, expertUserId)));
    if (!mine) throw new AppError(403, 'not_assigned');
    if (mine.submittedAt) throw new AppError(409, 'already_scored', 'score');
    await tx
      .update(expertReviews)
      .set({ scores: s.scores, total: s.total, comment: s.comment, submittedAt: now })
      .where(and(ofSubject(subject), eq(expertReviews.expertUserId, expertUserId), isNull(expertReviews.submittedAt)));
  },

  /** Subjects of a type an expert is assigned to and has not scored yet. */
  async pendingFor(db: Queryable, expertUserId: string, subjectType: Subject['type']) {
    const rows = await db
      .select({ subjectId: expertReviews.subjectId })
      .from(expertReviews)
      .where(
        and(eq(expertReviews.expertUserId, expertUserId), eq(expertReviews.subjectType, subjectType), isNull(expertReviews.submittedAt)),
      );
    return rows.map((r) => r.subjectId);
  },
};

export type PanelMember = Awaited<ReturnType<typeof expertPanel.members>>[number];

/**
 * Blind review: an expert sees only its own score until it has submitted, then the others' submitted scores;
 * the Ministry sees them all; anyone else (the pilot, its province) sees none, only the counts.
 */
export function blind(members: PanelMember[], viewer: { tier: string; userId: string }): PanelMember[] {
  if (viewer.tier === 'ministry') return members;
  if (viewer.tier !== 'expert') return [];
  const mine = members.find((m) => m.expertUserId === viewer.userId);
  if (!mine) return [];
  return mine.submittedAt ? members.filter((m) => m === mine || m.submittedAt) : [mine];
}
