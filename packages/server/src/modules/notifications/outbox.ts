import type { Transporter } from 'nodemailer';
import type { Db } from '../../db/client.js';
import type { Clock } from '../../lib/clock.js';
import { outboxRepository } from './notifications.repository.js';

export interface Mailer {
  send(mail: { to: string; subject: string; text: string }): Promise<void>;
}

/** An SMTP mailer from SMARTCITY_SMTP_URL (e.g. smtp://user:pass@mail.example.gov.cn:587); none without it. */
export function smtpMailer(url: string, from: string): Mailer {
  // nodemailer is loaded with the first mail rather than at every start
  let transport: Promise<Transporter> | undefined;
  return {
    async send(mail) {
      transport ??= import('nodemailer').then((m) => m.default.createTransport(url));
      await (await transport).sendMail({ from, ...mail });
    },
  };
}

// retry after 1 min, 5 min, 30 min, 2 h; then give up (failed) — the attempts stay recorded
const BACKOFF_MS = [60_000, 300_000, 1_800_000, 7_200_000];

/** Sends what is due in the outbox, recording every attempt; claimed rows are never sent by two servers. */
export async function deliverOutbox(db: Db, mailer: Mailer, clock: Clock, limit = 20) {
  const now = clock.now();
  const claimed = await db.transaction((tx) => outboxRepository.claimDue(tx, now, limit, new Date(now.getTime() + BACKOFF_MS[0]!)));
  let sent = 0;
  for (const row of claimed) {
    try {
      await mailer.send({ to: row.toAddress, subject: row.subject, text: row.body });
      await outboxRepository.sent(db, row.id, clock.now());
      sent += 1;
    } catch (err) {
      const attempts = row.attempts + 1;
      const delay = BACKOFF_MS[attempts - 1];
      await outboxRepository.failed(db, row.id, {
        attempts,
        lastError: String((err as Error).message).slice(0, 500),
        giveUp: delay === undefined,
        nextAttemptAt: new Date(clock.now().getTime() + (delay ?? 0)),
      });
    }
  }
  return { claimed: claimed.length, sent };
}
