import { submissionDeadline } from '@smartcity/domain';
import type { Db, Tx } from '../db/client.js';
import { beijingDate, type Clock } from '../lib/clock.js';
import { loadDeadline, type DeadlineAt } from '../modules/extensions/deadlines.js';
import { extensionRepository } from '../modules/extensions/extensions.repository.js';
import { taskBookRepository } from '../modules/task-books/task-books.repository.js';
import { notify } from '../shared/notify.js';
import { EVERYTHING } from '../tenancy/scope.js';
import { jobRepository, type NewJob } from './jobs.repository.js';
import type { JobHandler } from './worker.js';

const DAY = 86_400_000;

/** 09:00 Beijing time on a date, `days` later (negative: earlier). */
const morningOf = (date: string, days: number) => new Date(new Date(`${date}T09:00:00+08:00`).getTime() + days * DAY);

/**
 * The steps around a deadline (a task book's first submission, a year's report): reminders to the pilot 7 days and
 * 1 day before, escalation to the supervising province the morning after. A step whose moment passed more than a day ago (a deadline set late, a
 * server that was down) is not sent late.
 */
const STEPS = [
  { step: 'remind7', kind: 'deadline.reminder', offset: -7, days: 7 },
  { step: 'remind1', kind: 'deadline.reminder', offset: -1, days: 1 },
  { step: 'overdue', kind: 'deadline.overdue', offset: 1, days: 0 },
] as const;

/** Each step's job for a deadline: keyed by what owes, the date and the step, so planning again adds nothing. */
function stepsOf(owes: string, deadline: string, payload: Record<string, unknown>, now: number): NewJob[] {
  return STEPS.flatMap((s) => {
    const runAt = morningOf(deadline, s.offset);
    if (runAt.getTime() + DAY < now) return [];
    return [{ key: `${s.kind}:${owes}:${deadline}:${s.step}`, kind: s.kind, payload: { ...payload, deadline, days: s.days }, runAt }];
  });
}

/**
 * Schedules the reminders of every task book whose first submission is owed and of every annual report owed and not
 * submitted. Jobs are keyed by book (or pilot and year), deadline and step, so planning again (every round, on every
 * instance) adds nothing; an extension makes a new deadline and with it new reminders, while the old deadline's jobs
 * find it gone and do nothing.
 */
export async function planReminders(db: Db, clock: Clock) {
  const now = clock.now().getTime();
  const jobs: NewJob[] = [];
  for (const book of await taskBookRepository.list(db, EVERYTHING, { status: 'draft' })) {
    const deadline = submissionDeadline(book);
    if (deadline !== null) jobs.push(...stepsOf(book.id, deadline, { taskBookId: book.id }, now));
  }
  // the latest step is the morning after the deadline: a report due earlier than yesterday has nothing left to send
  const from = beijingDate(new Date(now - 2 * DAY));
  for (const r of await extensionRepository.reportDeadlinesFrom(db, from, beijingDate(clock.now())))
    jobs.push(
      ...stepsOf(`annualReport:${r.pilotId}:${r.year}`, r.deadline, { subject: 'annualReport', pilotId: r.pilotId, year: r.year }, now),
    );
  return jobRepository.schedule(db, jobs);
}

/** What the job was planned for, if it is still owed by the deadline it was planned for (a task book unless it says). */
async function stillOwed(tx: Tx, payload: Record<string, unknown>, clock: Clock) {
  const at: DeadlineAt =
    payload.subject === 'annualReport'
      ? { subject: 'annualReport', pilotId: String(payload.pilotId), year: Number(payload.year) }
      : { subject: 'taskBook', taskBookId: String(payload.taskBookId) };
  const due = await loadDeadline(tx, EVERYTHING, at, beijingDate(clock.now()));
  return due && due.current === payload.deadline ? due : null;
}

export const REMINDER_HANDLERS: Record<string, JobHandler> = {
  // the pilot: a notification and an e-mail to each member with an address
  async 'deadline.reminder'(tx, payload, clock) {
    const due = await stillOwed(tx, payload, clock);
    if (!due) return;
    await notify(tx, due.pilotOrgId, {
      kind: 'deadline.reminder',
      subject: due.subject,
      params: { ...due.params, deadline: String(payload.deadline), days: Number(payload.days) },
    });
  },
  // the supervising province; the overdue book is on its to-do list as well (derived, see todos)
  async 'deadline.overdue'(tx, payload, clock) {
    const due = await stillOwed(tx, payload, clock);
    if (!due) return;
    await notify(tx, due.supervisorOrgId, {
      kind: 'deadline.overdue',
      subject: due.subject,
      params: { ...due.params, deadline: String(payload.deadline) },
    });
  },
};

/** The worker's configuration for the platform's own jobs. */
export const platformJobs = { handlers: REMINDER_HANDLERS, plan: planReminders };
