import { and, desc, eq, isNull } from 'drizzle-orm';
import { audited, type Ctx } from '../../context.js';
import { notifications } from '../../db/schema.js';
import { notFound } from '../../lib/errors.js';

// Notifications belong to an organisation: everyone in it sees them; nobody else does.
const ofOrganisation = (ctx: Ctx) => eq(notifications.organisationId, ctx.actor.organisationId);

export async function listNotifications(ctx: Ctx, unreadOnly: boolean) {
  const rows = await ctx.db
    .select()
    .from(notifications)
    .where(and(ofOrganisation(ctx), unreadOnly ? isNull(notifications.readAt) : undefined))
    .orderBy(desc(notifications.createdAt))
    .limit(100);
  return {
    items: rows.map((n) => ({
      id: n.id,
      kind: n.kind,
      subjectType: n.subjectType,
      subjectId: n.subjectId,
      title: n.title,
      createdAt: n.createdAt.toISOString(),
      readAt: n.readAt?.toISOString() ?? null,
    })),
    unread: rows.filter((n) => !n.readAt).length,
  };
}

export async function markRead(ctx: Ctx, id: string) {
  await audited(ctx.db, ctx.actor, ctx.clock, async (tx) => {
    const rows = await tx
      .update(notifications)
      .set({ readAt: ctx.clock.now() })
      .where(and(eq(notifications.id, id), ofOrganisation(ctx)))
      .returning({ id: notifications.id });
    if (rows.length === 0) throw notFound();
    return { result: null, audit: { action: 'notification.read', targetType: 'notification', targetId: id } };
  });
}
