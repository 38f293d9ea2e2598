import { actionsFor, rectificationLifecycle } from '@smartcity/domain';
import { presentReview, type ReviewRow } from '../../shared/reviews.js';
import type { Actor } from '../../tenancy/actor.js';
import { findingAbilities, inspectionAbilities } from '../../tenancy/abilities.js';
import type { FindingHead, InspectionHead } from './inspections.repository.js';

/** Still owed by the pilot after its due date (an answered one waits for the province, not the pilot). */
export const isOverdue = (f: Pick<FindingHead, 'status' | 'rectificationDue'>, today: string) =>
  f.status === 'open' && f.rectificationDue !== null && f.rectificationDue < today;

export function presentFinding(f: FindingHead, actor: Actor, today: string, history: ReviewRow[] = []) {
  return {
    id: f.id,
    inspectionId: f.inspectionId,
    pilotId: f.pilotId,
    title: f.title,
    description: f.description,
    rectificationDue: f.rectificationDue,
    status: f.status,
    version: f.version,
    answer: f.answer,
    closedOn: f.closedOn,
    overdue: isOverdue(f, today),
    history: history.map(presentReview),
    actions: f.status === null ? [] : actionsFor(rectificationLifecycle, f.status, actor, undefined),
    abilities: findingAbilities(actor, f),
  };
}

export function presentInspectionSummary(i: InspectionHead) {
  return {
    id: i.id,
    pilot: { id: i.pilotId, name: i.pilotName },
    province: { id: i.supervisorOrgId, name: i.supervisorName },
    inspectedOn: i.inspectedOn,
    inspectors: i.inspectors,
    createdAt: i.createdAt.toISOString(),
  };
}

export function presentInspection(i: InspectionHead, findings: FindingHead[], actor: Actor, today: string) {
  return {
    ...presentInspectionSummary(i),
    projectsChecked: i.projectsChecked,
    summary: i.summary,
    findings: findings.map((f) => presentFinding(f, actor, today)),
    abilities: inspectionAbilities(actor, i),
  };
}
