import {
  acceptanceLifecycle,
  annualReportLifecycle,
  pilotLifecycle,
  rectificationLifecycle,
  taskBookLifecycle,
  type Lifecycle,
} from '@smartcity/domain';
import type { Ctx } from '../../context.js';
import { notFound } from '../../lib/errors.js';
import { pilotRepository } from './pilots.repository.js';

// the lifecycles of a pilot's records; their audit entries are `<lifecycle>.<action>` (and `<lifecycle>.sign`)
const LIFECYCLES: Lifecycle<string, string, never>[] = [
  pilotLifecycle,
  taskBookLifecycle,
  annualReportLifecycle,
  rectificationLifecycle,
  acceptanceLifecycle,
] as unknown as Lifecycle<string, string, never>[];

/**
 * The pilot's history on its hub: every transition and signature of the pilot and its task book, annual reports,
 * rectifications and acceptance, from the audit log (so it is the record, not a second account of it). Saves and
 * reads are not events. Whoever sees the pilot sees its history.
 */
export async function pilotTimeline(ctx: Ctx, pilotId: string, limit = 200) {
  const pilot = await pilotRepository.get(ctx.db, ctx.scope, pilotId);
  if (!pilot) throw notFound();
  const events = LIFECYCLES.flatMap((l) => [...Object.keys(l.actions), 'sign'].map((a) => `${l.name}.${a}`));
  const rows = await pilotRepository.events(ctx.db, await pilotRepository.recordIds(ctx.db, pilotId), events, limit);
  return {
    items: rows.map((r) => ({
      at: r.at.toISOString(),
      lifecycle: r.targetType,
      action: r.action.slice(r.action.indexOf('.') + 1),
      subjectId: r.targetId,
      actorName: r.actorName,
    })),
  };
}
