import {
  actionsFor,
  SHARING_ANSWER_WORKING_DAYS,
  sharingLifecycle,
  type RowFilter,
  type SharingAction,
  type SharingRequestView,
  type SharingStatus,
} from '@smartcity/domain';
import type { Ctx } from '../../context.js';
import type { Queryable, Tx } from '../../db/client.js';
import { appendAudit } from '../../audit/audit.js';
import { beijingDate } from '../../lib/clock.js';
import { AppError, forbidden, notFound } from '../../lib/errors.js';
import { transition, type LifecycleRecord } from '../../lifecycle/transition.js';
import { notify } from '../../shared/notify.js';
import { calendarOfWorkingDays } from '../../shared/working-days.js';
import { sharingPartyOf } from '../../tenancy/abilities.js';
import { sharingRepository, type SharingHead } from './sharing.repository.js';
import { accessTo, loadResource } from './resources.service.js';

const today = (ctx: Pick<Ctx, 'clock'>) => beijingDate(ctx.clock.now());

async function load(ctx: Ctx, db: Queryable, id: string) {
  const row = await sharingRepository.get(db, ctx.scope, id, today(ctx));
  if (!row) throw notFound();
  return row;
}

const partyOf = (actor: Ctx['actor'], h: SharingHead) => sharingPartyOf(actor, h);

export const sharingRecord: LifecycleRecord<SharingStatus, SharingAction, undefined, SharingHead> = {
  lifecycle: sharingLifecycle,
  load: (ctx, tx, id) => load(ctx, tx, id),
  guards: async () => undefined,
  partyOf,
  // owner: the department that asked; supervisor: the department asked (the provider)
  notice: (h) => ({
    subject: { type: 'sharingRequest', id: h.id },
    owner: h.consumerOrgId,
    supervisor: h.providerOrgId,
    params: { resource: h.resourceName },
  }),
};

function present(ctx: Ctx, h: SharingHead): SharingRequestView {
  const day = today(ctx);
  return {
    id: h.id,
    status: h.status,
    version: h.version,
    resource: { id: h.resourceId, code: h.resourceCode, name: h.resourceName },
    consumer: { id: h.consumerOrgId, name: h.consumerName },
    provider: { id: h.providerOrgId, name: h.providerName },
    purpose: h.purpose,
    fields: h.fields,
    until: h.until,
    requestedAt: h.requestedAt.toISOString(),
    dueOn: h.dueOn,
    escalated: h.escalated,
    grantedFields: h.grantedFields,
    rowFilter: h.rowFilter,
    expiresOn: h.expiresOn,
    live: h.status === 'approved' && h.expiresOn !== null && h.expiresOn >= day,
    decisionReason: h.decisionReason,
    decidedAt: h.decidedAt?.toISOString() ?? null,
    actions: actionsFor(sharingLifecycle, h.status, { ...ctx.actor, party: partyOf(ctx.actor, h) }, undefined),
  };
}

export const getSharingRequest = async (ctx: Ctx, id: string) => present(ctx, await load(ctx, ctx.db, id));

export async function listSharingRequests(
  ctx: Ctx,
  q: {
    side: 'consumer' | 'provider' | 'all';
    status?: SharingStatus | undefined;
    resource?: string | undefined;
    escalated?: 'true' | 'false' | undefined;
  },
) {
  const mine = ctx.actor.organisationId;
  const rows = await sharingRepository.list(ctx.db, ctx.scope, today(ctx), {
    ...(q.side === 'consumer' ? { consumerOrgId: mine } : q.side === 'provider' ? { providerOrgId: mine } : {}),
    status: q.status,
    resource: q.resource,
    ...(q.escalated ? { escalated: q.escalated === 'true' } : {}),
  });
  return { items: rows.map((r) => present(ctx, r)) };
}

/**
 * 共享申请: another department of the pilot asks for a published 有条件共享 resource, for named fields and a period. The
 * provider has ten working days (holidays and make-up working days counted) before the request escalates.
 */
export async function requestSharing(ctx: Ctx, resourceId: string, input: { purpose: string; fields: string[]; until: string }) {
  const res = await loadResource(ctx, ctx.db, resourceId);
  if (!(await accessTo(ctx, ctx.db, res)).request) throw forbidden('not_requestable');
  const unknown = input.fields.findIndex((f) => !res.fields.some((x) => x.name === f));
  if (unknown >= 0) throw new AppError(400, 'unknown_field', `fields.${unknown}`, { name: input.fields[unknown]! });
  if (input.until < today(ctx)) throw new AppError(400, 'date_past', 'until');
  const dueOn = calendarOfWorkingDays().addWorkingDays(today(ctx), SHARING_ANSWER_WORKING_DAYS);
  const id = await ctx.db.transaction(async (tx) => {
    const open = await sharingRepository.openFor(tx, res, ctx.actor.organisationId);
    if (open) throw new AppError(409, 'sharing_pending', 'resource');
    const created = await sharingRepository.insert(tx, {
      pilotId: res.pilotId,
      resourceId: res.id,
      consumerOrgId: ctx.actor.organisationId,
      providerOrgId: res.providerOrgId,
      purpose: input.purpose,
      fields: [...new Set(input.fields)],
      until: input.until,
      dueOn,
      requestedBy: ctx.actor.userId,
      createdAt: ctx.clock.now(),
      updatedAt: ctx.clock.now(),
    });
    await appendAudit(
      tx,
      ctx.actor,
      { action: 'sharingRequest.request', targetType: 'sharingRequest', targetId: created, after: { ...input, dueOn } },
      ctx.clock,
    );
    await notify(tx, res.providerOrgId, {
      kind: 'sharingRequest.requested',
      subject: { type: 'sharingRequest', id: created },
      params: { resource: res.name, org: ctx.actor.organisationCode },
    });
    return created;
  });
  return getSharingRequest(ctx, id);
}

interface Decision {
  action: string;
  reason?: string | undefined;
  fields?: string[] | undefined;
  rowFilter?: RowFilter | undefined;
  expiresOn?: string | undefined;
}

/** An approval's scope: granted fields among those asked, a row filter on the resource's fields, an expiry not past. */
function grantOf(ctx: Ctx, h: SharingHead, d: Decision) {
  const fields = d.fields ?? h.fields;
  const outside = fields.findIndex((f) => !h.fields.includes(f));
  if (outside >= 0) throw new AppError(400, 'field_not_asked', `fields.${outside}`, { name: fields[outside]! });
  const rowFilter = d.rowFilter ?? [];
  const bad = rowFilter.findIndex((r) => !h.resourceFields.some((f) => f.name === r.field));
  if (bad >= 0) throw new AppError(400, 'unknown_field', `rowFilter.${bad}.field`, { name: rowFilter[bad]!.field });
  const expiresOn = d.expiresOn ?? h.until;
  if (expiresOn < today(ctx)) throw new AppError(400, 'date_past', 'expiresOn');
  return { grantedFields: [...new Set(fields)], rowFilter, expiresOn };
}

/** approve (with its scope), refuse, withdraw, revoke: the table's; revocation takes effect on the next query. */
export async function transitionSharing(ctx: Ctx, id: string, d: Decision) {
  await transition(ctx, sharingRecord, id, d, async (tx: Tx, h, action, reason) => {
    const grant = action === 'approve' ? grantOf(ctx, h, d) : {};
    const decided = action === 'withdraw' ? {} : { decisionReason: reason, decidedBy: ctx.actor.userId, decidedAt: ctx.clock.now() };
    await sharingRepository.decide(tx, h, { ...grant, ...decided });
    return action === 'approve' ? { until: (grant as { expiresOn: string }).expiresOn } : undefined;
  });
}
