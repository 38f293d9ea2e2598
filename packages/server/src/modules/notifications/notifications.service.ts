import { noticeText } from '@smartcity/domain';
import { audited, type Ctx } from '../../context.js';
import { notFound } from '../../lib/errors.js';
import { notificationRepository } from './notifications.repository.js';

export async function listNotifications(ctx: Ctx, unreadOnly: boolean) {
  const rows = await notificationRepository.list(ctx.db, ctx.actor, unreadOnly);
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
    unread: rows.filter((r) => !r.readAt).length,
  };
}

export async function markRead(ctx: Ctx, id: string) {
  await audited(ctx.db, ctx.actor, ctx.clock, async (tx) => {
    if (!(await notificationRepository.markRead(tx, ctx.actor, id, ctx.clock.now()))) throw notFound();
    return { result: null, audit: { action: 'notification.read', targetType: 'notification', targetId: id } };
  });
}
