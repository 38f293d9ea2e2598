import type { ReportContent, ReportStatus } from '@smartcity/domain';
import { eq } from 'drizzle-orm';
import { annualReports, findings, inspections, organisations, pilots, taskBooks, users } from '../db/schema.js';
import type { TestEnv } from './harness.js';
import { completeContent } from './task-book-fixture.js';
import { taskBookRepository } from '../modules/task-books/task-books.repository.js';
import { digestOfContent } from '../modules/task-books/task-books.subject.js';
import { prefill } from '../modules/annual-reports/signed-task-book.js';

/**
 * What an acceptance is rated on, put in place directly (the task book, report and inspection flows have tests of
 * their own): shared by the acceptance API tests and the acceptance browser journey.
 */
export function acceptanceKit(envOf: () => TestEnv) {
  const db = () => envOf().database.db;
  const content = completeContent(2013, 2015);

  async function pilotOf(orgCode: string) {
    const [row] = await db()
      .select({ id: pilots.id, batchId: pilots.batchId, organisationId: pilots.organisationId })
      .from(pilots)
      .innerJoin(organisations, eq(organisations.id, pilots.organisationId))
      .where(eq(organisations.code, orgCode));
    return row!;
  }

  /** A pilot whose 2013–2015 task book is signed, in 创建期 as the last signature leaves it unless told otherwise. */
  async function signedPilot(orgCode: string, opts: { creating?: boolean } = {}) {
    const pilot = await pilotOf(orgCode);
    const [someone] = await db().select({ id: users.id }).from(users).limit(1);
    const taskBookId = await taskBookRepository.create(db(), pilot.id, pilot.batchId, content, someone!.id);
    await taskBookRepository.insertVersion(db(), { taskBookId, pilotId: pilot.id, number: 1, content, digest: digestOfContent(content) });
    await db().update(taskBooks).set({ status: 'signed' }).where(eq(taskBooks.id, taskBookId));
    if (opts.creating !== false) await db().update(pilots).set({ status: 'creating' }).where(eq(pilots.id, pilot.id));
    return { pilotId: pilot.id, taskBookId };
  }

  /** An annual report as it stands: every indicator's actual (null = not reported), every project's completion. */
  async function report(
    p: { pilotId: string; taskBookId: string },
    year: number,
    status: ReportStatus,
    actual: (id: string) => number | null,
    percent: number,
    narrative = `${year} 年度工作总结。`,
  ) {
    const blank = prefill(content, year);
    const c: ReportContent = {
      ...blank,
      indicators: blank.indicators.map((i) => ({ ...i, actual: actual(i.id), source: '统计', quality: 'measured' })),
      projects: blank.projects.map((pr) => ({ ...pr, state: 'inProgress', percentComplete: percent })),
      narrative,
    };
    await db().insert(annualReports).values({ pilotId: p.pilotId, taskBookId: p.taskBookId, year, status, content: c });
  }

  async function finding(pilotId: string, title: string, due: string, status: 'open' | 'answered' | 'closed', closedOn: string | null) {
    const [someone] = await db().select({ id: users.id }).from(users).limit(1);
    const [ins] = await db()
      .insert(inspections)
      .values({
        pilotId,
        inspectedOn: '2014-06-01',
        inspectors: ['检查组'],
        projectsChecked: [],
        summary: '年度检查',
        createdBy: someone!.id,
      })
      .returning();
    await db()
      .insert(findings)
      .values({ inspectionId: ins!.id, pilotId, title, description: title, rectificationDue: due, status, closedOn });
  }

  return { pilotOf, signedPilot, report, finding, content };
}
