import { pilotLifecycle, submissionDeadline, taskBookLifecycle, type NoticeParams, type OverdueRow } from '@smartcity/domain';
import type { Queryable, Tx } from '../../db/client.js';
import { lockRecord } from '../../lifecycle/fire.js';
import type { Subject } from '../../shared/subject.js';
import type { Scope } from '../../tenancy/scope.js';
import { inspectionRepository } from '../inspections/inspections.repository.js';
import { taskBookRepository } from '../task-books/task-books.repository.js';
import { extensionRepository, type DeadlineRef } from './extensions.repository.js';

/** Where a deadline is asked for: a task book by its id, a year's report by its pilot and year (it may not be started). */
export type DeadlineAt = { subject: 'taskBook'; taskBookId: string } | { subject: 'annualReport'; pilotId: string; year: number };

/**
 * A date something is owed by, as reminders announce it and the dashboard lists it: whose it is, what a notice about
 * it names, and the date it is owed by now (null: nothing is owed any more).
 */
export interface Due {
  pilotName: string;
  pilotOrgId: string;
  supervisorOrgId: string;
  current: string | null;
  /** what a notice about the deadline opens: the record, or the pilot while its report is not started */
  subject: Pick<Subject, 'type' | 'id'>;
  params: NoticeParams;
}

/** A deadline the extension model moves (a rectification's is not one). */
export interface Deadline extends Due {
  ref: DeadlineRef;
}

/** The deadline, if in scope. `today` is the Beijing date. */
export async function loadDeadline(db: Queryable, scope: Scope, at: DeadlineAt, today: string): Promise<Deadline | null> {
  if (at.subject === 'taskBook') {
    const book = await taskBookRepository.get(db, scope, at.taskBookId);
    if (!book) return null;
    return {
      ref: { subject: 'taskBook', pilotId: book.pilotId, taskBookId: book.id },
      pilotName: book.pilotName,
      pilotOrgId: book.pilotOrgId,
      supervisorOrgId: book.supervisorOrgId,
      current: submissionDeadline(book),
      subject: { type: 'taskBook', id: book.id },
      params: { pilot: book.pilotName },
    };
  }
  const r = await extensionRepository.reportDeadline(db, scope, at.pilotId, at.year, today);
  if (!r) return null;
  return {
    ref: { subject: 'annualReport', pilotId: r.pilotId, year: at.year },
    pilotName: r.pilotName,
    pilotOrgId: r.pilotOrgId,
    supervisorOrgId: r.supervisorOrgId,
    current: r.owed ? r.deadline : null,
    subject: r.reportId ? { type: 'annualReport', id: r.reportId } : { type: 'pilot', id: r.pilotId },
    params: { pilot: r.pilotName, of: 'annualReport', year: at.year },
  };
}

/** What two decisions on one deadline queue on: the task book, or the pilot (its report may not exist). */
export const lockDeadline = (tx: Tx, ref: DeadlineRef): Promise<void> =>
  ref.subject === 'taskBook' ? lockRecord(tx, taskBookLifecycle, ref.taskBookId) : lockRecord(tx, pilotLifecycle, ref.pilotId);

/** A granted extension's effect beyond its own row: a task book keeps its new deadline; a report's is the grant itself. */
export async function extendDeadline(tx: Tx, ref: DeadlineRef, until: string) {
  if (ref.subject === 'taskBook') await taskBookRepository.setExtension(tx, ref.taskBookId, until);
}

/** What a row of the overdue list is owed by; a task book is its pilot's draft, a rectification an open finding's. */
export async function dueOfRow(db: Queryable, scope: Scope, row: OverdueRow, today: string): Promise<Deadline | Due | null> {
  if (row.kind === 'report')
    return row.year === undefined
      ? null
      : loadDeadline(db, scope, { subject: 'annualReport', pilotId: row.pilotId, year: row.year }, today);
  if (row.kind === 'rectification') {
    const finding = row.subjectId ? await inspectionRepository.finding(db, scope, row.subjectId) : null;
    if (!finding || finding.pilotId !== row.pilotId) return null;
    return {
      pilotName: finding.pilotName,
      pilotOrgId: finding.pilotOrgId,
      supervisorOrgId: finding.supervisorOrgId,
      current: finding.status === 'open' ? finding.rectificationDue : null,
      subject: { type: 'finding', id: finding.id },
      params: { pilot: finding.pilotName, of: 'rectification' },
    };
  }
  const books = await taskBookRepository.list(db, scope, { pilot: row.pilotId, status: 'draft' });
  const book = books.find((b) => submissionDeadline(b) !== null) ?? books[0];
  if (book) return loadDeadline(db, scope, { subject: 'taskBook', taskBookId: book.id }, today);
  // never started: owed all the same, by the batch's deadline (no book to extend yet: only reminded)
  const p = await extensionRepository.unstartedTaskBook(db, scope, row.pilotId, today);
  return p && { ...p, current: p.deadline, subject: { type: 'pilot', id: row.pilotId }, params: { pilot: p.pilotName } };
}
