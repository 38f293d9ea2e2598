import { noticeText, type NoticeParams } from '@smartcity/domain';
import type { Tx } from '../db/client.js';
import { notificationRepository, outboxRepository } from '../modules/notifications/notifications.repository.js';
import type { Subject } from './subject.js';

/** What happened, as a code and parameters (domain `noticeText` makes the words), about which record. */
export interface Notice {
  kind: string;
  subject: Pick<Subject, 'type' | 'id'>;
  params: NoticeParams;
}

/**
 * Tells an organisation that something now waits for it: an in-app notification, and one outbox e-mail per
 * member with an address (sent by the outbox worker when SMTP is configured; otherwise they simply wait).
 * Called inside the transition's transaction, so a rolled-back change notifies nobody. The e-mail is written in
 * Chinese, the language of the programme's correspondence; in the app each reader sees their own language.
 */
export async function notify(tx: Tx, organisationId: string, n: Notice) {
  const notificationId = await notificationRepository.insert(tx, organisationId, n);
  const recipients = await notificationRepository.recipients(tx, organisationId);
  const text = noticeText('zh-CN', n.kind, n.params);
  await outboxRepository.enqueue(
    tx,
    recipients.map((toAddress) => ({
      organisationId,
      notificationId,
      toAddress,
      subject: text,
      body: `${text}\n\n国家智慧城市试点管理平台`,
    })),
  );
}
