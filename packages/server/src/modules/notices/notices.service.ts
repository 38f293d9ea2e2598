import {
  actionsFor,
  noticeLifecycle,
  type NoticeAction,
  type NoticeInput,
  type NoticeStatus,
  type NoticeUpdate,
  type NoticeView,
} from '@smartcity/domain';
import { appendAudit } from '../../audit/audit.js';
import type { Ctx } from '../../context.js';
import type { Db, Queryable, Tx } from '../../db/client.js';
import { renderBlocksDocx } from '../../documents/task-book.docx.js';
import { AppError, forbidden, notFound } from '../../lib/errors.js';
import { lockedIn, transition, type LifecycleRecord } from '../../lifecycle/transition.js';
import { attachmentStore } from '../../shared/attachments.js';
import type { Subject } from '../../shared/subject.js';
import type { Actor } from '../../tenancy/actor.js';
import { addressesAnyone } from '../../tenancy/abilities.js';
import { noticeAnnexes, noticeMarkdownToHtml, sanitizeNoticeHtml } from './notice-html.js';
import { noticeRepository, type NoticeRow } from './notices.repository.js';

const LIST_LIMIT = 200;

const audienceOf = (n: NoticeRow) => ({
  public: n.audiencePublic,
  tiers: n.audienceTiers as NoticeView['audience']['tiers'],
  organisationIds: n.audienceOrgs,
});

type Listed = Omit<NoticeRow, 'body'>;

/** What the public portal shows of a notice in a list. */
const publicSummary = (n: Pick<Listed, 'id' | 'title' | 'docNumber' | 'issuer' | 'issuedOn' | 'publishedAt'>) => ({
  id: n.id,
  title: n.title,
  docNumber: n.docNumber,
  issuer: n.issuer,
  issuedOn: n.issuedOn,
  publishedAt: n.publishedAt?.toISOString() ?? null,
});

const summary = (n: Listed, actor: Actor) => ({
  ...publicSummary(n),
  status: n.status,
  read: n.read || n.organisationId === actor.organisationId,
});

export async function loadNotice(ctx: Ctx, db: Tx | Db, id: string) {
  const row = await noticeRepository.get(db, ctx.actor, id);
  if (!row) throw notFound();
  return row;
}

/** A notice the actor's own organisation issued (a draft, its receipts); anyone else's behaves as missing or refused. */
async function loadOwn(ctx: Ctx, db: Tx | Db, id: string) {
  const row = await loadNotice(ctx, db, id);
  if (row.organisationId !== ctx.actor.organisationId) throw forbidden();
  return row;
}

export const noticeRecord: LifecycleRecord<NoticeStatus, NoticeAction, undefined, NoticeRow> = {
  lifecycle: noticeLifecycle,
  load: async (ctx, tx, id) => {
    const row = await loadNotice(ctx, tx, id);
    if (row.organisationId !== ctx.actor.organisationId) throw notFound();
    return row;
  },
  guards: async () => undefined,
};

async function present(ctx: Ctx, n: NoticeRow): Promise<NoticeView> {
  const mine = n.organisationId === ctx.actor.organisationId;
  const named = mine ? await noticeRepository.organisationsByIds(ctx.db, n.audienceOrgs) : [];
  return {
    ...summary(n, ctx.actor),
    version: n.version,
    body: n.body,
    audience: mine ? audienceOf(n) : { public: n.audiencePublic, tiers: [], organisationIds: [] },
    audienceNames: named.map((o) => o.name),
    mine,
    actions: mine ? actionsFor(noticeLifecycle, n.status, ctx.actor, undefined) : [],
  };
}

export async function listNotices(ctx: Ctx) {
  const rows = await noticeRepository.list(ctx.db, ctx.actor, { limit: LIST_LIMIT });
  const items = rows.map((r) => summary(r, ctx.actor));
  return { items, unread: items.filter((i) => !i.read).length };
}

/** Opening a published notice addressed to the reader's organisation records its receipt (the first opening, audited). */
export async function openNotice(ctx: Ctx, id: string) {
  const row = await ctx.db.transaction(async (tx) => {
    const n = await loadNotice(ctx, tx, id);
    if (n.status === 'published' && n.organisationId !== ctx.actor.organisationId) {
      const first = await noticeRepository.markRead(tx, {
        organisationId: ctx.actor.organisationId,
        noticeId: id,
        userId: ctx.actor.userId,
        at: ctx.clock.now(),
      });
      if (first) await appendAudit(tx, ctx.actor, { action: 'notice.read', targetType: 'notice', targetId: id }, ctx.clock);
      return { ...n, read: true };
    }
    return n;
  });
  return present(ctx, row);
}

export const getNotice = async (ctx: Ctx, id: string) => present(ctx, await loadNotice(ctx, ctx.db, id));

/**
 * Who may be addressed: the Ministry any organisation or tier; a province department the public and the pilots it
 * supervises. Unknown organisations and an empty audience are the sender's mistake, named by field.
 */
async function checkAudience(ctx: Ctx, audience: NoticeInput['audience']) {
  if (!audience.public && !audience.tiers.length && !audience.organisationIds.length) throw new AppError(400, 'audience_empty', 'audience');
  const ids = [...new Set(audience.organisationIds)];
  if (!addressesAnyone(ctx.actor)) {
    if (audience.tiers.length) throw new AppError(400, 'audience_out_of_scope', 'audience.tiers');
    const supervised = await noticeRepository.supervisedPilotOrgs(ctx.db, ctx.actor.organisationId, ids);
    if (supervised.length !== ids.length) throw new AppError(400, 'audience_out_of_scope', 'audience.organisationIds');
  } else if ((await noticeRepository.organisationsByIds(ctx.db, ids)).length !== ids.length) {
    throw new AppError(400, 'unknown_organisation', 'audience.organisationIds');
  }
  return { ...audience, organisationIds: ids };
}

/** A body kept only as far as the allow-list goes; an empty result is refused, as an empty body. */
async function cleanBody(html: string) {
  const body = await sanitizeNoticeHtml(html);
  if (!body) throw new AppError(400, 'validation', 'body');
  return body;
}

export async function createNotice(ctx: Ctx, input: NoticeInput) {
  const audience = await checkAudience(ctx, input.audience);
  const body = await cleanBody(input.body);
  const id = await ctx.db.transaction(async (tx) => {
    const created = await noticeRepository.insert(tx, {
      organisationId: ctx.actor.organisationId,
      title: input.title,
      docNumber: input.docNumber ?? null,
      issuer: input.issuer ?? (await noticeRepository.organisationsByIds(tx, [ctx.actor.organisationId]))[0]!.name,
      issuedOn: input.issuedOn,
      body,
      audiencePublic: audience.public,
      audienceTiers: audience.tiers,
      audienceOrgs: audience.organisationIds,
      createdBy: ctx.actor.userId,
      createdAt: ctx.clock.now(),
      updatedAt: ctx.clock.now(),
    });
    await appendAudit(
      tx,
      ctx.actor,
      {
        action: 'notice.create',
        targetType: 'notice',
        targetId: created,
        after: { title: input.title, docNumber: input.docNumber ?? null, audience },
      },
      ctx.clock,
    );
    return created;
  });
  return getNotice(ctx, id);
}

/**
 * A draft corrected by its sender before it is published (If-Match: the version it read; 409 when another save came
 * first). The fields given replace the draft's; the audit entry keeps what they were.
 */
export async function updateNotice(ctx: Ctx, id: string, ifMatch: number, patch: NoticeUpdate) {
  const audience = patch.audience && (await checkAudience(ctx, patch.audience));
  const change = {
    ...(patch.title !== undefined && { title: patch.title }),
    ...(patch.docNumber !== undefined && { docNumber: patch.docNumber }),
    ...(patch.issuer !== undefined && { issuer: patch.issuer }),
    ...(patch.issuedOn !== undefined && { issuedOn: patch.issuedOn }),
    ...(patch.body !== undefined && { body: await cleanBody(patch.body) }),
    ...(audience && { audiencePublic: audience.public, audienceTiers: audience.tiers, audienceOrgs: audience.organisationIds }),
  };
  await ctx.db.transaction(async (tx) => {
    const before = await lockedIn(ctx, tx, noticeRecord, id, 'draft');
    if (before.version !== ifMatch) throw new AppError(409, 'stale_version', 'if-match');
    // what the draft does not already say: a save that changes nothing is no new version and no audit entry
    const changed = Object.fromEntries(
      Object.entries(change).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(before[k as keyof typeof change])),
    ) as Partial<typeof change>;
    if (Object.keys(changed).length === 0) return;
    await noticeRepository.update(tx, id, ifMatch, { ...changed, updatedAt: ctx.clock.now() });
    const was = Object.fromEntries(Object.keys(changed).map((k) => [k, before[k as keyof typeof change]]));
    await appendAudit(
      tx,
      ctx.actor,
      { action: 'notice.update', targetType: 'notice', targetId: id, before: was, after: changed },
      ctx.clock,
    );
  });
  return getNotice(ctx, id);
}

/** 发布: the draft reaches its audience, stamped with the time. */
export async function transitionNotice(ctx: Ctx, id: string, input: { action: string; reason?: string | undefined }) {
  await transition(ctx, noticeRecord, id, input, async (tx) => noticeRepository.setPublished(tx, id, ctx.clock.now()));
}

export async function noticeReceipts(ctx: Ctx, id: string) {
  const n = await loadOwn(ctx, ctx.db, id);
  const rows = await noticeRepository.receipts(ctx.db, n);
  return { items: rows.map((r) => ({ ...r, readAt: r.readAt?.toISOString() ?? null })) };
}

/** A notice as files hang off it: its sender adds them to a draft; whoever may read it downloads them. */
export async function noticeSubject(ctx: Ctx, id: string, change: boolean): Promise<Subject> {
  const n = change ? await loadOwn(ctx, ctx.db, id) : await loadNotice(ctx, ctx.db, id);
  if (change && n.status !== 'draft') throw new AppError(409, 'wrong_state', 'file', { state: n.status });
  return { type: 'notice', id: n.id, ownerOrgId: n.organisationId };
}

/** The portal's notices: published and public, newest first. */
export async function publicNotices(db: Db) {
  const rows = await noticeRepository.list(db, null, { limit: LIST_LIMIT });
  return { items: rows.map(publicSummary) };
}

async function loadPublic(db: Queryable, id: string) {
  const n = await noticeRepository.get(db, null, id);
  if (!n) throw notFound();
  return n;
}

/** A public notice's full text and its 附件 (anyone may download those of a public notice). */
export async function publicNotice(db: Db, id: string) {
  const n = await loadPublic(db, id);
  return { ...publicSummary(n), body: n.body, attachments: await attachmentStore.list(db, { type: 'notice', id: n.id }) };
}

export async function publicNoticeFile(db: Db, id: string, attachmentId: string) {
  const n = await loadPublic(db, id);
  return attachmentStore.get(db, { type: 'notice', id: n.id }, attachmentId);
}

/** The public notices a pilot's public page lists. */
export async function publicNoticesAbout(db: Queryable, pilot: { organisationId: string; publishedName: string }) {
  return (await noticeRepository.publicAbout(db, pilot, { limit: LIST_LIMIT })).map(publicSummary);
}

/**
 * The seed notice 建办科〔2013〕5号, the platform's first public notice, verbatim from data/; added once. Its 附件1 and
 * 附件2 are also attached as Word files of their own text (a database seeded before they were is given them).
 */
export async function seedFirstNotice(tx: Tx, ministryOrgId: string, markdown: string) {
  const existing = (await noticeRepository.list(tx, null, { limit: LIST_LIMIT })).find((n) => n.docNumber === FIRST_NOTICE.docNumber);
  const id =
    existing?.id ??
    (await noticeRepository.insert(tx, {
      ...FIRST_NOTICE,
      organisationId: ministryOrgId,
      status: 'published',
      body: await sanitizeNoticeHtml(noticeMarkdownToHtml(markdown)),
      audiencePublic: true,
      // published the day it was issued (Beijing time)
      publishedAt: new Date(`${FIRST_NOTICE.issuedOn}T00:00:00+08:00`),
    }));
  const subject = { type: 'notice', id, ownerOrgId: ministryOrgId } as const;
  if ((await attachmentStore.list(tx, subject)).length) return;
  for (const annex of noticeAnnexes(markdown)) {
    const data = await renderBlocksDocx(annex.blocks, { title: annex.title, author: FIRST_NOTICE.issuer, draft: false });
    await attachmentStore.seed(tx, subject, 'noticeAttachment', { filename: `${annex.title}.docx`, data });
  }
}

export const FIRST_NOTICE = {
  title: '住房城乡建设部办公厅关于做好国家智慧城市试点工作的通知',
  docNumber: '建办科〔2013〕5号',
  issuer: '住房和城乡建设部办公厅',
  issuedOn: '2013-01-29',
};
