import { rectificationLifecycle, type inspectionInputSchema } from '@smartcity/domain';
import type { z } from 'zod';
import type { Ctx } from '../../context.js';
import { appendAudit } from '../../audit/audit.js';
import type { Queryable } from '../../db/client.js';
import { AppError, notFound } from '../../lib/errors.js';
import { notify } from '../../shared/notify.js';
import type { Subject } from '../../shared/subject.js';
import { pilotRepository } from '../pilots/pilots.repository.js';
import { beijingDate } from '../../lib/clock.js';
import { presentInspection, presentInspectionSummary } from './inspections.presenter.js';
import { inspectionRepository, type InspectionHead } from './inspections.repository.js';

export type InspectionInput = z.infer<typeof inspectionInputSchema>;

/** Inspection photos and files belong to the inspected pilot's tenant, like everything about it. */
export const inspectionSubject = (i: Pick<InspectionHead, 'id' | 'pilotOrgId'>): Subject => ({
  type: 'inspection',
  id: i.id,
  ownerOrgId: i.pilotOrgId,
});

export async function loadInspection(ctx: Pick<Ctx, 'db' | 'scope'>, id: string): Promise<InspectionHead> {
  const head = await inspectionRepository.get(ctx.db, ctx.scope, id);
  if (!head) throw notFound();
  return head;
}

function checkDates(input: InspectionInput, today: string) {
  if (input.inspectedOn > today) throw new AppError(400, 'invalid_value', 'inspectedOn');
  input.findings.forEach((f, i) => {
    if (f.rectificationDue !== null && f.rectificationDue < input.inspectedOn)
      throw new AppError(400, 'invalid_value', `findings.${i}.rectificationDue`);
  });
}

/**
 * Records an inspection of a pilot the province supervises (any other pilot is as missing: 404), with its findings,
 * in one transaction; a finding with a due date orders rectification, which the pilot is told about.
 */
export async function createInspection(ctx: Ctx, input: InspectionInput) {
  const pilot = await pilotRepository.get(ctx.db, ctx.scope, input.pilotId);
  if (!pilot) throw notFound();
  checkDates(input, beijingDate(ctx.clock.now()));
  const ordered = input.findings.filter((f) => f.rectificationDue !== null);
  return ctx.db.transaction(async (tx) => {
    const id = await inspectionRepository.create(tx, {
      ...input,
      createdBy: ctx.actor.userId,
      findings: input.findings.map((f) => ({ ...f, status: f.rectificationDue === null ? null : rectificationLifecycle.initial })),
    });
    await appendAudit(tx, ctx.actor, { action: 'inspection.create', targetType: 'inspection', targetId: id, after: input }, ctx.clock);
    if (ordered.length)
      await notify(tx, pilot.organisationId, {
        kind: 'inspection.rectificationOrdered',
        subject: { type: 'inspection', id },
        params: { pilot: pilot.publishedName, date: input.inspectedOn, count: ordered.length },
      });
    return id;
  });
}

export async function getInspection(ctx: Ctx, id: string) {
  const head = await loadInspection(ctx, id);
  const findings = await inspectionRepository.findingsOf(ctx.db, id);
  return presentInspection(head, findings, ctx.actor, beijingDate(ctx.clock.now()));
}

export async function listInspections(ctx: Ctx, filter: { pilot?: string | undefined }) {
  return { items: (await inspectionRepository.list(ctx.db, ctx.scope, filter)).map(presentInspectionSummary) };
}

export type RectificationState = 'closedOnTime' | 'closedLate' | 'open';

/**
 * Every rectification ever ordered of the pilot and how it ended, for acceptance and its rating: closed by its due
 * date, closed late, or still open (answered but not closed counts as open). Unscoped: the caller has loaded the pilot.
 */
export async function rectificationRecord(
  db: Queryable,
  pilotId: string,
): Promise<{ id: string; title: string; state: RectificationState }[]> {
  const rows = await inspectionRepository.rectificationsOfPilot(db, pilotId);
  return rows.map((f) => ({
    id: f.id,
    title: f.title,
    state: f.status !== 'closed' || f.closedOn === null ? 'open' : f.closedOn <= f.rectificationDue! ? 'closedOnTime' : 'closedLate',
  }));
}
