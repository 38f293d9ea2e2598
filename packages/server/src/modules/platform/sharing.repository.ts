import type { RowFilter, SharingStatus } from '@smartcity/domain';
import { and, desc, eq, gte, lt, sql, type Placeholder } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Queryable, Tx } from '../../db/client.js';
import { organisations, platformResources, sharingRequests } from '../../db/schema.js';
import { visible, type Scope } from '../../tenancy/scope.js';
import { preparedRead, type Placeholders } from '../../shared/prepared.repository.js';

const consumer = alias(organisations, 'consumer');
const provider = alias(organisations, 'provider');

const head = (db: Queryable, day: string | Placeholder) =>
  db
    .select({
      id: sharingRequests.id,
      pilotId: sharingRequests.pilotId,
      status: sharingRequests.status,
      version: sharingRequests.version,
      resourceId: sharingRequests.resourceId,
      resourceCode: platformResources.code,
      resourceName: platformResources.name,
      resourceFields: platformResources.fields,
      consumerOrgId: sharingRequests.consumerOrgId,
      consumerName: consumer.name,
      providerOrgId: sharingRequests.providerOrgId,
      providerName: provider.name,
      purpose: sharingRequests.purpose,
      fields: sharingRequests.fields,
      until: sharingRequests.until,
      requestedAt: sharingRequests.createdAt,
      dueOn: sharingRequests.dueOn,
      // unanswered past its answer date: the platform administrator's to settle
      escalated: sql<boolean>`(${sharingRequests.status} = 'requested' and ${sharingRequests.dueOn} < ${day}::date)`,
      grantedFields: sharingRequests.grantedFields,
      rowFilter: sharingRequests.rowFilter,
      expiresOn: sharingRequests.expiresOn,
      decisionReason: sharingRequests.decisionReason,
      decidedAt: sharingRequests.decidedAt,
    })
    .from(sharingRequests)
    .innerJoin(
      platformResources,
      and(eq(platformResources.pilotId, sharingRequests.pilotId), eq(platformResources.id, sharingRequests.resourceId)),
    )
    .innerJoin(consumer, eq(consumer.id, sharingRequests.consumerOrgId))
    .innerJoin(provider, eq(provider.id, sharingRequests.providerOrgId));

export type SharingHead = Awaited<ReturnType<typeof head>>[number];

/** Unanswered past its answer date on `day`. */
const escalatedOn = (day: string | Placeholder) => and(eq(sharingRequests.status, 'requested'), lt(sharingRequests.dueOn, day))!;

type ResourceRef = { pilotId: string; id: string };
/** A department's requests of a resource in a state. */
const ofConsumer = (r: ResourceRef, consumerOrgId: string, status: SharingStatus) =>
  and(
    eq(sharingRequests.pilotId, r.pilotId),
    eq(sharingRequests.resourceId, r.id),
    eq(sharingRequests.consumerOrgId, consumerOrgId),
    eq(sharingRequests.status, status),
  );

interface SharingFilter {
  consumerOrgId?: string;
  providerOrgId?: string;
  status?: SharingStatus | undefined;
  resource?: string | undefined;
  escalated?: boolean;
}
type SharingArgs = {
  day: string;
  consumerOrgId: string | undefined;
  providerOrgId: string | undefined;
  status: SharingStatus | undefined;
  resource: string | undefined;
};

/** Which filters are set, and whether escalated requests are asked for or left out, pick the text; values and the day are bound. */
const sharingList = preparedRead('sharing_list', (db, scope, args: Placeholders<SharingArgs>, shape: { escalated: boolean | undefined }) =>
  head(db, args.day)
    .where(
      and(
        visible.sharingRequests(scope),
        args.consumerOrgId && eq(sharingRequests.consumerOrgId, args.consumerOrgId),
        args.providerOrgId && eq(sharingRequests.providerOrgId, args.providerOrgId),
        args.status && eq(sharingRequests.status, args.status),
        args.resource && eq(sharingRequests.resourceId, args.resource),
        shape.escalated === undefined ? undefined : shape.escalated ? escalatedOn(args.day) : sql`not (${escalatedOn(args.day)})`,
      ),
    )
    .orderBy(desc(sharingRequests.createdAt))
    .limit(500),
);

export const sharingRepository = {
  async get(db: Queryable, scope: Scope, id: string, day: string): Promise<SharingHead | null> {
    const [row] = await head(db, day).where(and(eq(sharingRequests.id, id), visible.sharingRequests(scope)));
    return row ?? null;
  },

  list: (db: Queryable, scope: Scope, day: string, q: SharingFilter) =>
    sharingList(
      db,
      scope,
      { day, consumerOrgId: q.consumerOrgId, providerOrgId: q.providerOrgId, status: q.status, resource: q.resource },
      { escalated: q.escalated },
    ),

  /** The department's open request for a resource, locked (one open request per department and resource). */
  async openFor(tx: Tx, r: ResourceRef, consumerOrgId: string) {
    const [open] = await tx
      .select({ id: sharingRequests.id })
      .from(sharingRequests)
      .where(ofConsumer(r, consumerOrgId, 'requested'))
      .for('update');
    return open ?? null;
  },

  /** The grant a department holds on a resource on `day`: approved and not expired (the latest expiry first). */
  async liveGrant(db: Queryable, r: ResourceRef, consumerOrgId: string, day: string) {
    const [row] = await db
      .select({
        id: sharingRequests.id,
        fields: sharingRequests.grantedFields,
        rowFilter: sharingRequests.rowFilter,
        purpose: sharingRequests.purpose,
        expiresOn: sharingRequests.expiresOn,
      })
      .from(sharingRequests)
      .where(and(ofConsumer(r, consumerOrgId, 'approved'), gte(sharingRequests.expiresOn, day)))
      .orderBy(desc(sharingRequests.expiresOn))
      .limit(1);
    return row ?? null;
  },

  async insert(tx: Tx, values: typeof sharingRequests.$inferInsert) {
    const [row] = await tx.insert(sharingRequests).values(values).returning({ id: sharingRequests.id });
    return row!.id;
  },

  /** A decision's record: the grant's scope (approve) and who decided why. */
  async decide(
    tx: Tx,
    h: { pilotId: string; id: string },
    values: {
      grantedFields?: string[];
      rowFilter?: RowFilter;
      expiresOn?: string;
      decisionReason?: string | null;
      decidedBy?: string;
      decidedAt?: Date;
    },
  ) {
    if (Object.keys(values).length === 0) return;
    await tx
      .update(sharingRequests)
      .set(values)
      .where(and(eq(sharingRequests.pilotId, h.pilotId), eq(sharingRequests.id, h.id)));
  },
};
