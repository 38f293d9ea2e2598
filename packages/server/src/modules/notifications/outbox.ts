import { and, asc, eq, isNull, lte, or, sql } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import type { Db } from '../../db/client.js';
import { outbox } from '../../db/schema.js';
import type { Clock } from '../../lib/clock.js';

export interface Mailer {
  send(mail: { to: string; subject: string; text: string }): Promise<void>;
}

/** An SMTP mailer from SMARTCITY_SMTP_URL (e.g. smtp://user:pass@mail.example.gov.cn:587); none without it. */
export function smtpMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport(url);
  return {
    async send(mail) {
      await transport.sendMail({ from, ...mail });
    },
  };
}

// retry after 1 min, 5 min, 30 min, 2 h; then give up (failed) — the attempts stay recorded
const BACKOFF_MS = [60_000, 300_000, 1_800_000, 7_200_000];

/**
 * Sends what is due in the outbox, recording every attempt. Rows are claimed with SKIP LOCKED so two
 * servers never send the same mail twice.
 */
export async function deliverOutbox(db: Db, mailer: Mailer, clock: Clock, limit = 20) {
  const now = clock.now();
  const claimed = await db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(outbox)
      .where(and(eq(outbox.status, 'pending'), or(isNull(outbox.nextAttemptAt), lte(outbox.nextAttemptAt, now))))
      .orderBy(asc(outbox.createdAt))
      .limit(limit)
      .for('update', { skipLocked: true });
    // push the claimed rows out of the window while they are being sent
    for (const r of rows)
      await tx
        .update(outbox)
        .set({ nextAttemptAt: new Date(now.getTime() + BACKOFF_MS[0]!) })
        .where(eq(outbox.id, r.id));
    return rows;
  });
  let sent = 0;
  for (const row of claimed) {
    try {
      await mailer.send({ to: row.toAddress, subject: row.subject, text: row.body });
      await db
        .update(outbox)
        .set({ status: 'sent', sentAt: clock.now(), attempts: sql`${outbox.attempts} + 1`, lastError: null })
        .where(eq(outbox.id, row.id));
      sent += 1;
    } catch (err) {
      const attempts = row.attempts + 1;
      const delay = BACKOFF_MS[attempts - 1];
      await db
        .update(outbox)
        .set({
          attempts,
          lastError: String((err as Error).message).slice(0, 500),
          status: delay === undefined ? 'failed' : 'pending',
          nextAttemptAt: new Date(clock.now().getTime() + (delay ?? 0)),
        })
        .where(eq(outbox.id, row.id));
    }
  }
  return { claimed: claimed.length, sent };
}
