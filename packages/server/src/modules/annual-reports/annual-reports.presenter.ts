import { actionsFor, annualReportLifecycle, reportProblems, type FieldChange, type ReportContent } from '@smartcity/domain';
import { presentReview, type ReviewRow } from '../../shared/reviews.js';
import type { Actor } from '../../tenancy/actor.js';
import { reportAbilities } from '../../tenancy/abilities.js';
import type { ReportHead, ReportSummaryRow } from './annual-reports.repository.js';

/** Owed until submitted: a draft (new or returned) past 31 December of its year, or past the extension granted. */
export const isOverdue = (report: Pick<ReportHead, 'status' | 'dueDate'>, today: string) =>
  report.status === 'draft' && today > report.dueDate;

export function presentReportSummary(head: ReportSummaryRow, today: string) {
  return {
    id: head.id,
    pilot: { id: head.pilotId, name: head.pilotName, organisationName: head.pilotOrgName },
    province: { id: head.supervisorOrgId, name: head.supervisorName },
    taskBookId: head.taskBookId,
    year: head.year,
    status: head.status,
    version: head.version,
    dueDate: head.dueDate,
    overdue: isOverdue(head, today),
    updatedAt: head.updatedAt.toISOString(),
  };
}

export interface ReportParts {
  reviews: ReviewRow[];
  /** the last review, when it sent the report back: its reasons stay beside their items until the next decision */
  lastReturn: ReviewRow | null;
  changedSinceReturn: FieldChange[] | null;
  evidence: { id: string; filename: string }[];
}

export function presentReport(head: ReportHead, parts: ReportParts, actor: Actor, today: string) {
  const reasonsFor = (item: string | null) =>
    (parts.lastReturn?.itemReasons ?? [])
      .filter((r) => r.item === item)
      .map((r) => ({ text: r.text, byName: parts.lastReturn!.byName, action: parts.lastReturn!.action }));
  const content: ReportContent = head.content;
  const problems = reportProblems(content);
  return {
    ...presentReportSummary(head, today),
    content: {
      indicators: content.indicators.map((i) => ({ ...i, returnReasons: reasonsFor(i.id) })),
      projects: content.projects.map((p) => ({ ...p, returnReasons: reasonsFor(p.id) })),
      platform: content.platform,
      narrative: content.narrative,
    },
    /** reasons about the report as a whole */
    returnReasons: [
      ...(parts.lastReturn?.reason
        ? [{ text: parts.lastReturn.reason, byName: parts.lastReturn.byName, action: parts.lastReturn.action }]
        : []),
      ...reasonsFor(null),
    ],
    problems,
    changedSinceReturn: parts.changedSinceReturn,
    evidence: parts.evidence,
    reviews: parts.reviews.map(presentReview),
    actions: actionsFor(annualReportLifecycle, head.status, actor, { problems: problems.length }),
    abilities: reportAbilities(actor, head),
  };
}
