import {
  actionsFor,
  indexSlots,
  isStale,
  resourceLifecycle,
  type FieldDef,
  type ResourceAction,
  type ResourceInput,
  type ResourceListQuery,
  type ResourceStatus,
  type ResourceView,
} from '@smartcity/domain';
import type { Ctx } from '../../context.js';
import type { Queryable, Tx } from '../../db/client.js';
import { appendAudit } from '../../audit/audit.js';
import { beijingDate } from '../../lib/clock.js';
import { AppError, forbidden, notFound } from '../../lib/errors.js';
import { lockedIn, transition, type LifecycleRecord } from '../../lifecycle/transition.js';
import { departmentPilotOf, readsThroughGrant, recordAccess, resourcePartyOf } from '../../tenancy/abilities.js';
import { recordRepository } from './records.repository.js';
import { resourceRepository, type ResourceHead } from './resources.repository.js';
import { sharingRepository } from './sharing.repository.js';

const today = (ctx: Pick<Ctx, 'clock'>) => beijingDate(ctx.clock.now());

export async function loadResource(ctx: Ctx, db: Queryable, id: string): Promise<ResourceHead> {
  const head = await resourceRepository.get(db, ctx.scope, id);
  if (!head) throw notFound();
  return head;
}

export const resourceRecord: LifecycleRecord<ResourceStatus, ResourceAction, undefined, ResourceHead> = {
  lifecycle: resourceLifecycle,
  load: (ctx, tx, id) => loadResource(ctx, tx, id),
  guards: async () => undefined,
  partyOf: (actor, head) => resourcePartyOf(actor, head),
};

/** What the reader may do with the records, with the grant it reads through (if any). */
export async function accessTo(ctx: Ctx, db: Queryable, head: ResourceHead) {
  const grant = readsThroughGrant(ctx.actor, head)
    ? await sharingRepository.liveGrant(db, head, ctx.actor.organisationId, today(ctx))
    : null;
  return { ...recordAccess(ctx.actor, head, grant !== null), grant };
}

function present(ctx: Ctx, h: ResourceHead, access: { read: boolean; write: boolean; request: boolean }): ResourceView {
  return {
    id: h.id,
    pilot: { id: h.pilotId, name: h.pilotName },
    code: h.code,
    classification: h.classification,
    name: h.name,
    provider: { id: h.providerOrgId, name: h.providerName, code: h.providerCode },
    summary: h.summary,
    themes: h.themes,
    fields: h.fields,
    format: h.format,
    updateCycle: h.updateCycle,
    sharingClass: h.sharingClass,
    condition: h.condition,
    legalBasis: h.legalBasis,
    sharingMethod: h.sharingMethod as ResourceView['sharingMethod'],
    openData: h.openData,
    indicatorCodes: h.indicatorCodes,
    status: h.status,
    version: h.version,
    releaseDate: h.releaseDate,
    lastLoadAt: h.lastLoadAt?.toISOString() ?? null,
    rowCount: h.rowCount,
    stale: h.status === 'published' && isStale(h.updateCycle, h.lastLoadAt, ctx.clock.now()),
    access: { read: access.read, write: access.write, request: access.request },
    actions: actionsFor(resourceLifecycle, h.status, { ...ctx.actor, party: resourcePartyOf(ctx.actor, h) }, undefined),
  };
}

export async function getResource(ctx: Ctx, id: string): Promise<ResourceView> {
  const head = await loadResource(ctx, ctx.db, id);
  return present(ctx, head, await accessTo(ctx, ctx.db, head));
}

export async function listResources(ctx: Ctx, q: ResourceListQuery) {
  const { items, total } = await resourceRepository.list(ctx.db, ctx.scope, q, ctx.clock.now());
  return {
    total,
    items: items.map((h) => {
      // the list says what the reader may do without asking per row for grants: reading needs the resource page
      const { fields, actions: _, ...view } = present(ctx, h, { read: false, write: false, request: false });
      return { ...view, fieldCount: fields.length };
    }),
  };
}

/** Linked indicators must be level-3 indicators of an indicator system the platform knows. */
async function checkIndicators(db: Queryable, codes: readonly string[]) {
  if (codes.length === 0) return;
  const known = await resourceRepository.levelThreeIndicators(db, codes);
  const i = codes.findIndex((c) => !known.has(c));
  if (i >= 0) throw new AppError(400, 'unknown_indicator', `indicatorCodes.${i}`, { code: codes[i]! });
}

const codeOf = (classification: string, providerCode: string, seq: number) =>
  `${classification}/${providerCode}/${String(seq).padStart(4, '0')}`;

/** 编目: a department lists a resource it provides, as a draft; its code takes the provider's next sequence number. */
export async function createResource(ctx: Ctx, input: ResourceInput) {
  const { actor } = ctx;
  const pilotId = departmentPilotOf(actor);
  if (!pilotId) throw forbidden();
  await checkIndicators(ctx.db, input.indicatorCodes);
  const id = await ctx.db.transaction(async (tx) => {
    const seq = await resourceRepository.nextSeq(tx, pilotId, actor.organisationId);
    const code = codeOf(input.classification, actor.organisationCode, seq);
    const created = await resourceRepository.insert(tx, { ...input, pilotId, providerOrgId: actor.organisationId, seq, code });
    await appendAudit(
      tx,
      actor,
      { action: 'resource.create', targetType: 'resource', targetId: created, after: { ...input, code } },
      ctx.clock,
    );
    return created;
  });
  return getResource(ctx, id);
}

/** The provider edits its draft (If-Match): the whole description, its code following a changed classification. */
export async function updateResource(ctx: Ctx, id: string, version: number, input: ResourceInput) {
  await checkIndicators(ctx.db, input.indicatorCodes);
  await ctx.db.transaction(async (tx) => {
    const head = await lockedIn(ctx, tx, resourceRecord, id, 'draft');
    if (!recordAccess(ctx.actor, head, false).write) throw forbidden();
    // records already loaded were checked against their fields' types: those types stay while records exist
    for (const [i, f] of input.fields.entries())
      if (head.rowCount > 0 && head.fields.some((old) => old.name === f.name && old.type !== f.type))
        throw new AppError(409, 'field_type_with_records', `fields.${i}.type`);
    const code = codeOf(input.classification, head.providerCode, Number(head.code.split('/').at(-1)));
    if (!(await resourceRepository.update(tx, id, version, { ...input, code }, ctx.clock.now())))
      throw new AppError(409, 'version_conflict', 'version');
    const slotsOf = (fields: readonly FieldDef[]) => JSON.stringify([...indexSlots(fields)]);
    if (head.rowCount > 0 && slotsOf(head.fields) !== slotsOf(input.fields))
      await recordRepository.refillSlots(tx, { pilotId: head.pilotId, id, fields: input.fields });
    await appendAudit(tx, ctx.actor, { action: 'resource.update', targetType: 'resource', targetId: id, after: input }, ctx.clock);
  });
  return getResource(ctx, id);
}

/** publish (its release date is the day) and retire (with a reason): the provider's. */
export async function transitionResource(ctx: Ctx, id: string, input: { action: string; reason?: string | undefined }) {
  await transition(ctx, resourceRecord, id, input, async (tx: Tx, head, action) => {
    if (action === 'publish') await resourceRepository.setReleased(tx, head.id, today(ctx));
  });
}
