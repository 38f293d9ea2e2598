import type { Tx } from '../db/client.js';
import { notificationRepository, outboxRepository } from '../modules/notifications/notifications.repository.js';
import type { Subject } from './subject.js';

/**
 * Tells an organisation that something now waits for it: an in-app notification, and one outbox e-mail per
 * member with an address (sent by the outbox worker when SMTP is configured; otherwise they simply wait).
 * Called inside the transition's transaction, so a rolled-back change notifies nobody.
 */
export async function notify(tx: Tx, organisationId: string, n: { kind: string; subject: Pick<Subject, 'type' | 'id'>; title: string }) {
  const notificationId = await notificationRepository.insert(tx, organisationId, n);
  const recipients = await notificationRepository.recipients(tx, organisationId);
  await outboxRepository.enqueue(
    tx,
    recipients.map((toAddress) => ({
      organisationId,
      notificationId,
      toAddress,
      subject: n.title,
      body: `${n.title}\n\n国家智慧城市试点管理平台`,
    })),
  );
}
