import { sectionHeading, TASK_BOOK_SECTIONS, type Problem, type SigningParty, type TaskBookView } from '@smartcity/domain';
import type { Actor } from '../../tenancy/actor.js';
import type { taskBookAmendments, taskBookSections } from '../../db/schema.js';
import type { ReviewRow } from '../../shared/reviews.js';
import type { SignatureRow } from '../../shared/signatures.js';
import { taskBookAbilities } from '../../tenancy/abilities.js';
import type { TaskBookHead, TaskBookSummaryRow } from './task-books.repository.js';
import { actionsFor, isKind, taskBookLifecycle, type TaskBookGuardContext } from '@smartcity/domain';

// amend is fired through its own route, with the amendment's type (see AmendmentCard), not as a plain button
const OWN_ROUTE = new Set(['amend']);

export function presentTaskBookSummary(head: TaskBookSummaryRow) {
  return {
    id: head.id,
    pilot: { id: head.pilotId, name: head.pilotName, organisationName: head.pilotOrgName },
    province: { id: head.supervisorOrgId, name: head.supervisorName },
    batch: { year: head.batchYear, name: head.batchName, deadline: head.deadline },
    deadlineExtendedTo: head.deadlineExtendedTo,
    status: head.status,
    version: head.version,
    currentVersion: head.currentVersion,
    updatedAt: head.updatedAt.toISOString(),
  };
}

export interface TaskBookParts {
  sections: (typeof taskBookSections.$inferSelect)[];
  reviews: ReviewRow[];
  signatures: SignatureRow[];
  amendments: (typeof taskBookAmendments.$inferSelect)[];
  requiredIndicatorCodes: string[];
  completeness: Problem[];
  /** the same guard context the transition is fired with: buttons are disabled with its reasons */
  guards: TaskBookGuardContext;
  /** under review again after a return: the returned version and the sections changed since */
  sinceReturn: { version: number; sections: number[] } | null;
}

export function presentTaskBook(head: TaskBookHead, parts: TaskBookParts, actor: Actor): TaskBookView {
  const current = parts.signatures.filter((s) => s.versionNumber === head.currentVersion);
  // a draft that came back shows the returning review's reasons beside their sections
  const lastReview = parts.reviews[0];
  const returned = head.status === 'draft' && lastReview && isKind(taskBookLifecycle, lastReview.action, 'return') ? lastReview : null;
  const openAmendment = parts.amendments.find((a) => a.id === head.openAmendmentId);
  return {
    ...presentTaskBookSummary(head),
    sections: TASK_BOOK_SECTIONS.map((def) => {
      const row = parts.sections.find((s) => s.n === def.n)!;
      return {
        n: def.n,
        key: def.key,
        heading: sectionHeading(def),
        content: row.content,
        version: row.version,
        returnReasons: (returned?.itemReasons ?? [])
          .filter((r) => r.item === String(def.n))
          .map((r) => ({ text: r.text, byName: returned!.byName, action: returned!.action })),
        changedSinceReturn: parts.sinceReturn?.sections.includes(def.n) ?? false,
      };
    }),
    returnedVersion: parts.sinceReturn?.version ?? null,
    requiredIndicatorCodes: parts.requiredIndicatorCodes,
    completeness: parts.completeness,
    reviews: parts.reviews.map((r) => ({
      action: r.action,
      reason: r.reason,
      sectionReasons: r.itemReasons.map((x) => ({ section: x.item === null ? null : Number(x.item), text: x.text })),
      byName: r.byName,
      versionNumber: r.versionNumber,
      at: r.createdAt.toISOString(),
    })),
    signatures: current.map((s) => ({
      party: s.party as SigningParty,
      signerName: s.signerName,
      signerTitle: s.signerTitle,
      signedOn: s.signedOn,
      versionNumber: s.versionNumber,
    })),
    openAmendment: openAmendment
      ? { type: openAmendment.type, reason: openAmendment.reason, fromVersion: openAmendment.fromVersion }
      : null,
    actions: actionsFor(taskBookLifecycle, head.status, actor, parts.guards).filter((a) => !OWN_ROUTE.has(a.action)),
    abilities: taskBookAbilities(
      actor,
      head,
      current.map((s) => s.party as SigningParty),
    ),
  };
}
