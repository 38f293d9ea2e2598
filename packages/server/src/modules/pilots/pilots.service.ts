import { pilotLifecycle, type PilotAction, type PilotListQuery, type PilotStatus } from '@smartcity/domain';
import { z } from 'zod';
import { audited, type Ctx } from '../../context.js';
import type { Queryable } from '../../db/client.js';
import { transition, type LifecycleRecord } from '../../lifecycle/transition.js';
import { AppError, forbidden, notFound } from '../../lib/errors.js';
import { pilotAbilities } from '../../tenancy/abilities.js';
import { presentPilot, presentPilotDetail } from './pilots.presenter.js';
import { pilotRepository, type PilotFilter, type PilotRow } from './pilots.repository.js';
import { beijingDate } from '../../lib/clock.js';
import { paged } from '../../shared/export.js';
import type { pilotUpdateSchema } from '@smartcity/domain';

/** A report fact means nothing without its year: refused naming the field, not silently ignored. */
export function checkReportYear(q: { report?: unknown; year?: number | undefined }) {
  if (q.report !== undefined && q.year === undefined) throw new AppError(400, 'validation', 'year');
}

export async function listPilots(ctx: Ctx, q: PilotListQuery) {
  checkReportYear(q);
  const { items, ...total } = await pilotRepository.list(ctx.db, ctx.scope, q, beijingDate(ctx.clock.now()));
  return { items: items.map(presentPilot), ...total };
}

/** The registry in its order, page by page, for an export. */
export function pilotPages(ctx: Ctx, q: PilotFilter & Pick<PilotListQuery, 'sort'>) {
  checkReportYear(q);
  const today = beijingDate(ctx.clock.now());
  return paged((page, pageSize) => pilotRepository.page(ctx.db, ctx.scope, q, today, page, pageSize));
}

export async function pilotCountsByProvince(ctx: Ctx, q: PilotFilter) {
  checkReportYear(q);
  return { items: await pilotRepository.countByProvince(ctx.db, ctx.scope, q, beijingDate(ctx.clock.now())) };
}

export async function loadPilot(ctx: Ctx, id: string, db: Queryable = ctx.db) {
  const row = await pilotRepository.get(db, ctx.scope, id);
  if (!row) throw notFound();
  return row;
}

export async function getPilot(ctx: Ctx, id: string) {
  const row = await pilotRepository.detail(ctx.db, ctx.scope, id);
  if (!row) throw notFound();
  return presentPilotDetail(row, row.people, ctx.actor);
}

export async function updatePilot(ctx: Ctx, id: string, ifMatch: number, patch: z.infer<typeof pilotUpdateSchema>) {
  const before = await loadPilot(ctx, id);
  if (!pilotAbilities(ctx.actor, before.status).edit) throw forbidden();
  if (before.version !== ifMatch) throw new AppError(409, 'stale_version', 'if-match');
  await audited(ctx.db, ctx.actor, ctx.clock, async (tx) => {
    const saved = await pilotRepository.update(tx, ctx.scope, id, ifMatch, patch, ctx.clock.now());
    if (!saved) throw new AppError(409, 'stale_version', 'if-match');
    return {
      result: saved,
      audit: { action: 'pilot.update', targetType: 'pilot', targetId: id, before: presentPilot(before), after: patch },
    };
  });
  return getPilot(ctx, id);
}

/** A pilot as the one transition path moves it (its status is moved by acceptances too, inside theirs). */
export const pilotRecord: LifecycleRecord<PilotStatus, PilotAction, undefined, PilotRow> = {
  lifecycle: pilotLifecycle,
  load: (ctx, tx, id) => loadPilot(ctx, id, tx),
  guards: async () => undefined,
};

export async function transitionPilot(ctx: Ctx, id: string, action: string, reason: string | undefined) {
  await transition(ctx, pilotRecord, id, { action, reason });
  return getPilot(ctx, id);
}
