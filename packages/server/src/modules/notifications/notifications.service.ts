import { noticeText, type NotificationListQuery } from '@smartcity/domain';
import { audited, type Ctx } from '../../context.js';
import { notFound } from '../../lib/errors.js';
import { notificationRepository } from './notifications.repository.js';

export async function listNotifications(ctx: Ctx, q: NotificationListQuery) {
  const { rows, total, unread } = await notificationRepository.list(ctx.db, ctx.actor, q);
  return {
    items: rows.map(({ notification: n, readAt }) => ({
      id: n.id,
      kind: n.kind,
      subjectType: n.subjectType,
      subjectId: n.subjectId,
      params: n.params,
      title: n.legacyTitle ?? noticeText(ctx.lang, n.kind, n.params),
      createdAt: n.createdAt.toISOString(),
      readAt: readAt?.toISOString() ?? null,
    })),
    unread,
    total,
  };
}

/** 全部标为已读: for this member only, like reading each. */
export async function markAllRead(ctx: Ctx) {
  return audited(ctx.db, ctx.actor, ctx.clock, async (tx) => {
    const marked = await notificationRepository.markAllRead(tx, ctx.actor, ctx.clock.now());
    return {
      result: { marked },
      audit: { action: 'notification.readAll', targetType: 'user', targetId: ctx.actor.userId, after: { marked } },
    };
  });
}

export async function markRead(ctx: Ctx, id: string) {
  await audited(ctx.db, ctx.actor, ctx.clock, async (tx) => {
    if (!(await notificationRepository.markRead(tx, ctx.actor, id, ctx.clock.now()))) throw notFound();
    return { result: null, audit: { action: 'notification.read', targetType: 'notification', targetId: id } };
  });
}
