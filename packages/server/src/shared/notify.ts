import { and, eq, isNotNull } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { notifications, outbox, users } from '../db/schema.js';
import type { Subject } from './subject.js';

/**
 * Tells an organisation that something now waits for it: an in-app notification, and one outbox e-mail per
 * member with an address (sent by the outbox worker when SMTP is configured; otherwise they simply wait).
 * Called inside the transition's transaction, so a rolled-back change notifies nobody.
 */
export async function notify(tx: Tx, organisationId: string, n: { kind: string; subject: Pick<Subject, 'type' | 'id'>; title: string }) {
  const [row] = await tx
    .insert(notifications)
    .values({ organisationId, kind: n.kind, subjectType: n.subject.type, subjectId: n.subject.id, title: n.title })
    .returning({ id: notifications.id });
  const recipients = await tx
    .select({ email: users.email })
    .from(users)
    .where(and(eq(users.organisationId, organisationId), eq(users.disabled, false), isNotNull(users.email)));
  if (recipients.length) {
    await tx.insert(outbox).values(
      recipients.map((r) => ({
        organisationId,
        notificationId: row!.id,
        toAddress: r.email!,
        subject: n.title,
        body: `${n.title}\n\n国家智慧城市试点管理平台`,
      })),
    );
  }
}
