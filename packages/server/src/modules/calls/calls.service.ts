import { callLifecycle, rank, type CallAction, type CallGuardContext, type CallStatus, type callInputSchema } from '@smartcity/domain';
import type { z } from 'zod';
import { audited, type Ctx } from '../../context.js';
import type { Queryable } from '../../db/client.js';
import { AppError, notFound } from '../../lib/errors.js';
import { transition, type LifecycleRecord } from '../../lifecycle/transition.js';
import { applicationRepository, UNDECIDED } from '../applications/applications.repository.js';
import { beijingDate } from '../../lib/clock.js';
import { presentCall } from './calls.presenter.js';
import { callRepository, type CallRow, type CallValues } from './calls.repository.js';

export type CallInput = z.infer<typeof callInputSchema>;

export async function loadCall(ctx: Pick<Ctx, 'db' | 'scope'>, id: string, db: Queryable = ctx.db): Promise<CallRow> {
  const row = await callRepository.get(db, ctx.scope, id);
  if (!row) throw notFound();
  return row;
}

/** 第二批国家智慧城市试点申报 → the batch 第二批国家智慧城市试点: the call's title without its closing 申报(工作/通知/指南). */
export const batchTitleOf = (callTitle: string) => callTitle.replace(/申报(?:工作|通知|指南)?$/, '').trim() || callTitle;

const valuesOf = (input: CallInput): CallValues => ({ ...input, batchName: `${input.year}年度`, batchTitle: batchTitleOf(input.title) });

/** What the call's guards look at: publishing waits until every application is decided. */
async function callGuards(db: Queryable, call: Pick<CallRow, 'id' | 'status'>): Promise<CallGuardContext> {
  // only a closed call can be published: other states need no count
  return { pending: call.status === 'closed' ? await applicationRepository.countInCall(db, call.id, UNDECIDED) : 0 };
}

export async function listCalls(ctx: Ctx, filter: { status?: CallStatus | undefined }) {
  const rows = await callRepository.list(ctx.db, ctx.scope, filter);
  const items = [];
  for (const r of rows) items.push(presentCall(r, ctx.actor, await callGuards(ctx.db, r)));
  return { items };
}

export async function getCall(ctx: Ctx, id: string) {
  const call = await loadCall(ctx, id);
  return presentCall(call, ctx.actor, await callGuards(ctx.db, call));
}

/** A call is one year's batch (年度): opening a call makes the batch its pilots will belong to. */
export async function createCall(ctx: Ctx, input: CallInput) {
  if (await callRepository.batchOfYear(ctx.db, input.year)) throw new AppError(409, 'call_exists', 'year');
  const id = await audited(ctx.db, ctx.actor, ctx.clock, async (tx) => {
    const created = await callRepository.create(tx, valuesOf(input));
    if (!created) throw new AppError(409, 'call_exists', 'year');
    return { result: created, audit: { action: 'call.create', targetType: 'call', targetId: created, after: input } };
  });
  return getCall(ctx, id);
}

export async function updateCall(ctx: Ctx, id: string, ifMatch: number, input: CallInput) {
  const before = await loadCall(ctx, id);
  if (before.status !== 'draft') throw new AppError(409, 'wrong_state', 'id', { state: before.status });
  if (before.version !== ifMatch) throw new AppError(409, 'stale_version', 'if-match');
  if (input.year !== before.year && (await callRepository.batchOfYear(ctx.db, input.year))) throw new AppError(409, 'call_exists', 'year');
  await audited(ctx.db, ctx.actor, ctx.clock, async (tx) => {
    const version = await callRepository.update(tx, id, before.batchId, ifMatch, valuesOf(input), ctx.clock.now());
    if (version === null) throw new AppError(409, 'stale_version', 'if-match');
    return {
      result: version,
      audit: {
        action: 'call.update',
        targetType: 'call',
        targetId: id,
        before: presentCall(before, ctx.actor, { pending: 0 }),
        after: input,
      },
    };
  });
  return getCall(ctx, id);
}

/** A call as the one transition path moves it: the row is held while applications are counted, as a forward holds it. */
export const callRecord: LifecycleRecord<CallStatus, CallAction, CallGuardContext, CallRow> = {
  lifecycle: callLifecycle,
  load: (ctx, tx, id) => loadCall(ctx, id, tx),
  guards: (_ctx, tx, call) => callGuards(tx, call),
};

export async function transitionCall(ctx: Ctx, id: string, action: string) {
  await transition(ctx, callRecord, id, { action }, async (tx, call) => {
    if (action === 'publish') await callRepository.announce(tx, call.batchId, beijingDate(ctx.clock.now()));
  });
  return getCall(ctx, id);
}

/** 综合评审 panel: the recommended applications of a call ranked by their experts' mean weighted total. */
export async function callRanking(ctx: Ctx, id: string) {
  const call = await loadCall(ctx, id);
  const apps = await applicationRepository.forRanking(ctx.db, ctx.scope, id);
  const totals = apps.flatMap((a) => a.totals.map((total) => ({ subjectId: a.id, total })));
  return {
    call: { id: call.id, year: call.year, title: call.title, scaleMax: call.rubric.scaleMax },
    items: rank(apps, totals).map((r) => ({
      rank: r.rank,
      applicationId: r.item.id,
      name: r.item.name,
      organisationName: r.item.organisationName,
      provinceCode: r.item.provinceCode,
      provinceName: r.item.provinceName,
      status: r.item.status,
      scores: r.count,
      mean: r.mean,
      spread: r.spread,
      totals: r.totals,
    })),
  };
}
