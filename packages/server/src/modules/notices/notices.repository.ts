import { TIER_OF, type OrganisationType } from '@smartcity/domain';
import { and, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { noticeReads, notices, organisations, pilots, users } from '../../db/schema.js';
import type { Actor } from '../../tenancy/actor.js';
import { readsEveryNotice } from '../../tenancy/abilities.js';
import { likePattern } from '../../lib/like.js';

const columns = {
  id: notices.id,
  organisationId: notices.organisationId,
  status: notices.status,
  version: notices.version,
  title: notices.title,
  docNumber: notices.docNumber,
  issuer: notices.issuer,
  issuedOn: notices.issuedOn,
  publishedAt: notices.publishedAt,
  audiencePublic: notices.audiencePublic,
  audienceTiers: notices.audienceTiers,
  audienceOrgs: notices.audienceOrgs,
};

/** Who reads a notice: the public, one of its tiers, or one of its organisations (the actor's organisation). */
const addressedTo = (actor: Pick<Actor, 'organisationId' | 'tier'> | null): SQL =>
  actor === null
    ? eq(notices.audiencePublic, true)
    : or(
        eq(notices.audiencePublic, true),
        sql`${actor.tier} = any(${notices.audienceTiers})`,
        sql`${actor.organisationId}::uuid = any(${notices.audienceOrgs})`,
      )!;

/**
 * The notices a reader may see: its own organisation's (drafts too), and published ones addressed to it. The
 * Ministry, which oversees the programme, also sees every published notice the provinces issue.
 */
const readable = (actor: Actor | null): SQL => {
  const published = and(eq(notices.status, 'published'), actor && readsEveryNotice(actor) ? undefined : addressedTo(actor))!;
  return actor === null ? published : or(eq(notices.organisationId, actor.organisationId), published)!;
};

const readByOrg = (orgId: string | null) =>
  orgId === null
    ? sql<boolean>`false`
    : sql<boolean>`exists (select 1 from ${noticeReads} where ${noticeReads.noticeId} = ${notices.id} and ${noticeReads.organisationId} = ${orgId})`;

/** a notice's text without its markup, for matching: a block's tags part its words, inline tags (<strong>) vanish */
const plainBody = sql<string>`regexp_replace(regexp_replace(${notices.body}, '</?(p|h[1-6]|li|ul|ol|br|div|blockquote|table|tr|td|th)\\y[^>]*>', ' ', 'gi'), '<[^>]*>', '', 'g')`;

export const noticeRepository = {
  /**
   * 检索: the notices the reader may see whose title or text holds every word (any length, any script: a notice is
   * short and there are few, so they are read rather than indexed); those named by the words first, newest first.
   */
  search(db: Queryable, actor: Actor | null, words: string[], page: { offset: number; limit: number }) {
    const holds = (w: string) => sql`(${notices.title} ilike ${likePattern(w)} or ${plainBody} ilike ${likePattern(w)})`;
    const named = and(...words.map((w) => sql`${notices.title} ilike ${likePattern(w)}`)) ?? sql`false`;
    return db
      .select({ id: notices.id, title: notices.title, text: plainBody, total: sql<number>`(count(*) over ())::int` })
      .from(notices)
      .where(and(readable(actor), ...words.map(holds)))
      .orderBy(sql`${named} desc`, sql`${notices.publishedAt} desc nulls first`, notices.id)
      .offset(page.offset)
      .limit(page.limit);
  },

  async get(db: Queryable, actor: Actor | null, id: string) {
    const [row] = await db
      .select({ ...columns, body: notices.body, read: readByOrg(actor?.organisationId ?? null) })
      .from(notices)
      .where(and(eq(notices.id, id), readable(actor)));
    return row ?? null;
  },

  /** newest first: published by their publication, drafts (the sender's) before them */
  list(db: Queryable, actor: Actor | null, opts: { limit: number }) {
    return db
      .select({ ...columns, read: readByOrg(actor?.organisationId ?? null) })
      .from(notices)
      .where(readable(actor))
      .orderBy(sql`${notices.publishedAt} desc nulls first`, desc(notices.issuedOn), desc(notices.createdAt))
      .limit(opts.limit);
  },

  /**
   * The public notices that concern a pilot, newest first: those addressed to its organisation, and those whose text
   * names it as published (建办科〔2013〕5号's 附件1 names every pilot of the first batch).
   */
  publicAbout(db: Queryable, pilot: { organisationId: string; publishedName: string }, opts: { limit: number }) {
    return db
      .select(columns)
      .from(notices)
      .where(
        and(
          readable(null),
          or(sql`${pilot.organisationId}::uuid = any(${notices.audienceOrgs})`, sql`strpos(${notices.body}, ${pilot.publishedName}) > 0`),
        ),
      )
      .orderBy(desc(notices.publishedAt), desc(notices.issuedOn))
      .limit(opts.limit);
  },

  async insert(db: Queryable, v: typeof notices.$inferInsert) {
    const [row] = await db.insert(notices).values(v).returning({ id: notices.id });
    return row!.id;
  },

  /** a draft's correction, compare-and-set on the version the sender read; null when it has moved on */
  async update(db: Queryable, id: string, version: number, v: Partial<typeof notices.$inferInsert> & { updatedAt: Date }) {
    const [row] = await db
      .update(notices)
      .set({ ...v, version: sql`${notices.version} + 1` })
      .where(and(eq(notices.id, id), eq(notices.version, version)))
      .returning({ version: notices.version });
    return row?.version ?? null;
  },

  async setPublished(db: Queryable, id: string, at: Date) {
    await db.update(notices).set({ publishedAt: at }).where(eq(notices.id, id));
  },

  /** the first opening by the organisation; false when it had read it already */
  async markRead(db: Queryable, v: { organisationId: string; noticeId: string; userId: string; at: Date }) {
    const rows = await db
      .insert(noticeReads)
      .values({ organisationId: v.organisationId, noticeId: v.noticeId, userId: v.userId, readAt: v.at })
      .onConflictDoNothing()
      .returning({ noticeId: noticeReads.noticeId });
    return rows.length > 0;
  },

  /** Organisations addressed by name (chosen ones, whole tiers) and every organisation that read it, with the first reader. */
  async receipts(db: Queryable, n: { id: string; audienceTiers: string[]; audienceOrgs: string[] }) {
    const types = (Object.keys(TIER_OF) as OrganisationType[]).filter((t) => n.audienceTiers.includes(TIER_OF[t]));
    const addressed = or(
      n.audienceOrgs.length ? inArray(organisations.id, n.audienceOrgs) : undefined,
      types.length ? inArray(organisations.type, types) : undefined,
      sql`exists (select 1 from ${noticeReads} where ${noticeReads.noticeId} = ${n.id} and ${noticeReads.organisationId} = ${organisations.id})`,
    );
    return db
      .select({
        organisationId: organisations.id,
        organisation: organisations.name,
        readBy: users.displayName,
        readAt: noticeReads.readAt,
      })
      .from(organisations)
      .leftJoin(noticeReads, and(eq(noticeReads.organisationId, organisations.id), eq(noticeReads.noticeId, n.id)))
      .leftJoin(users, eq(users.id, noticeReads.userId))
      .where(addressed)
      .orderBy(sql`${noticeReads.readAt} asc nulls last`, organisations.code);
  },

  /** the organisations' names, in the order given; unknown ids are left out */
  async organisationsByIds(db: Queryable, ids: string[]) {
    if (!ids.length) return [];
    return db
      .select({ id: organisations.id, name: organisations.name, type: organisations.type })
      .from(organisations)
      .where(inArray(organisations.id, ids));
  },

  /** the pilots' organisations a province department supervises, among the ids given */
  async supervisedPilotOrgs(db: Queryable, provinceOrgId: string, ids: string[]) {
    if (!ids.length) return [];
    const rows = await db
      .select({ id: pilots.organisationId })
      .from(pilots)
      .where(and(eq(pilots.supervisorOrgId, provinceOrgId), inArray(pilots.organisationId, ids)));
    return rows.map((r) => r.id);
  },
};

export type NoticeRow = NonNullable<Awaited<ReturnType<typeof noticeRepository.get>>>;
