import { and, asc, desc, eq, isNotNull, isNull, lte, or, sql } from 'drizzle-orm';
import type { NotificationListQuery } from '@smartcity/domain';
import type { Queryable } from '../../db/client.js';
import { notificationReads, notifications, outbox, users } from '../../db/schema.js';
import type { Notice } from '../../shared/notify.js';
import { orderBy } from '../../shared/sort.js';
import { visible } from '../../tenancy/scope.js';
import { prepared, type Placeholders } from '../../shared/prepared.repository.js';

const SORT_COLUMNS = { at: [notifications.createdAt], type: [notifications.subjectType, notifications.createdAt] };

type Reader = { organisationId: string; userId: string };

/** Notifications joined with this member's read marks. */
const withReads = <T extends Parameters<Queryable['select']>[0]>(db: Queryable, reader: Reader | Placeholders<Reader>, fields: T) =>
  db
    .select(fields)
    .from(notifications)
    .leftJoin(
      notificationReads,
      and(
        eq(notificationReads.organisationId, notifications.organisationId),
        eq(notificationReads.notificationId, notifications.id),
        eq(notificationReads.userId, reader.userId),
      ),
    );

type PageArgs = { organisationId: string; userId: string; type: string | undefined; limit: number; offset: number };
type PageShape = { unread: NotificationListQuery['unread']; sort: NonNullable<NotificationListQuery['sort']> };

/** The list's count and how many this member has not read, on one scan of the organisation's notifications. */
const countsOf = (db: Queryable, reader: Placeholders<Reader & { type: string | undefined }>, q: PageShape) => {
  const where = and(
    visible.notifications(reader.organisationId),
    q.unread === 'true' ? isNull(notificationReads.readAt) : q.unread === 'false' ? isNotNull(notificationReads.readAt) : undefined,
    reader.type && eq(notifications.subjectType, reader.type),
  );
  return {
    where,
    counts: withReads(db, reader, {
      counts: sql<
        [number, number]
      >`array[count(*) filter (where ${where}), count(*) filter (where ${notificationReads.readAt} is null)]::int[]`,
    }).where(visible.notifications(reader.organisationId)),
  };
};

/** A page with the counts on its rows (notificationRepository.list). */
const notificationPage = prepared('notification_page', (db, args: Placeholders<PageArgs>, q: PageShape) => {
  const { where, counts } = countsOf(db, args, q);
  return withReads(db, args, { notification: notifications, readAt: notificationReads.readAt, counts: sql<[number, number]>`(${counts})` })
    .where(where)
    .orderBy(...orderBy(q.sort, SORT_COLUMNS, [desc(notifications.id)]))
    .limit(args.limit)
    .offset(args.offset);
});

const notificationCounts = prepared(
  'notification_counts',
  (db, args: Placeholders<Reader & { type: string | undefined }>, q: PageShape) => countsOf(db, args, q).counts,
);

/** In-app notifications (per organisation) and the e-mail outbox that follows each of them. */
export const notificationRepository = {
  /**
   * A page of the organisation's notifications, each with when this member read it (null: unread for them), the
   * list's count and how many this member has not read. One statement: the counts ride on the page's rows (one scan of
   * the organisation's notifications for both); only a page past the last, with no row to carry them, counts apart.
   */
  async list(db: Queryable, reader: Reader, q: NotificationListQuery) {
    const args = { organisationId: reader.organisationId, userId: reader.userId, type: q.type };
    const shape = { unread: q.unread, sort: q.sort ?? '-at' };
    const rows = await notificationPage(db, { ...args, limit: q.pageSize, offset: (q.page - 1) * q.pageSize }, shape);
    const [total, unread] = rows[0]?.counts ?? (await notificationCounts(db, args, shape))[0]!.counts;
    return { rows, total, unread };
  },

  /** Marks every one this member has not read as read; returns how many. */
  async markAllRead(db: Queryable, reader: Reader, at: Date) {
    const marked = await db.execute(sql`
      insert into ${notificationReads} (organisation_id, notification_id, user_id, read_at)
      select n.organisation_id, n.id, ${reader.userId}, ${at} from ${notifications} n
      where n.organisation_id = ${reader.organisationId}
      on conflict do nothing`);
    return marked.rowCount ?? 0;
  },

  /** Marks it read for this member only; false when the notification is not the organisation's (or does not exist). */
  async markRead(db: Queryable, reader: { organisationId: string; userId: string }, id: string, at: Date) {
    const [own] = await db
      .select({ id: notifications.id })
      .from(notifications)
      .where(and(eq(notifications.id, id), visible.notifications(reader.organisationId)))
      .limit(1);
    if (!own) return false;
    await db
      .insert(notificationReads)
      .values({ organisationId: reader.organisationId, notificationId: id, userId: reader.userId, readAt: at })
      .onConflictDoNothing();
    return true;
  },

  async insert(db: Queryable, organisationId: string, n: Notice) {
    const [row] = await db
      .insert(notifications)
      .values({ organisationId, kind: n.kind, subjectType: n.subject.type, subjectId: n.subject.id, params: n.params })
      .returning({ id: notifications.id });
    return row!.id;
  },

  /** Active members of an organisation with an e-mail address. */
  async recipients(db: Queryable, organisationId: string) {
    const rows = await db
      .select({ email: users.email })
      .from(users)
      .where(and(eq(users.organisationId, organisationId), eq(users.disabled, false), isNotNull(users.email)));
    return rows.map((r) => r.email!);
  },
};

export type OutboxRow = typeof outbox.$inferSelect;

export const outboxRepository = {
  async enqueue(
    db: Queryable,
    rows: { organisationId: string; notificationId: string | null; toAddress: string; subject: string; body: string }[],
  ) {
    if (rows.length) await db.insert(outbox).values(rows);
  },

  /**
   * Claims what is due, SKIP LOCKED so two servers never take the same row, and pushes the claimed rows out of
   * the window while they are being sent (call inside a transaction).
   */
  async claimDue(db: Queryable, now: Date, limit: number, holdUntil: Date): Promise<OutboxRow[]> {
    const rows = await db
      .select()
      .from(outbox)
      .where(and(eq(outbox.status, 'pending'), or(isNull(outbox.nextAttemptAt), lte(outbox.nextAttemptAt, now))))
      .orderBy(asc(outbox.createdAt))
      .limit(limit)
      .for('update', { skipLocked: true });
    for (const r of rows) await db.update(outbox).set({ nextAttemptAt: holdUntil }).where(eq(outbox.id, r.id));
    return rows;
  },

  async sent(db: Queryable, id: string, at: Date) {
    await db
      .update(outbox)
      .set({ status: 'sent', sentAt: at, attempts: sql`${outbox.attempts} + 1`, lastError: null })
      .where(eq(outbox.id, id));
  },

  async failed(db: Queryable, id: string, f: { attempts: number; lastError: string; giveUp: boolean; nextAttemptAt: Date }) {
    await db
      .update(outbox)
      .set({ attempts: f.attempts, lastError: f.lastError, status: f.giveUp ? 'failed' : 'pending', nextAttemptAt: f.nextAttemptAt })
      .where(eq(outbox.id, id));
  },
};
