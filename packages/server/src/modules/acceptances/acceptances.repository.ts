import { and, asc, eq, sql } from 'drizzle-orm';
import type { AcceptanceStatus, Rating } from '@smartcity/domain';
import type { Queryable } from '../../db/client.js';
import { acceptances, batches, pilots, provinces } from '../../db/schema.js';
import { visible, type Scope } from '../../tenancy/scope.js';
import { prepared, type Placeholders } from '../../shared/prepared.repository.js';

const headColumns = {
  id: acceptances.id,
  pilotId: acceptances.pilotId,
  taskBookId: acceptances.taskBookId,
  status: acceptances.status,
  version: acceptances.version,
  selfAssessment: acceptances.selfAssessment,
  rating: acceptances.rating,
  createdAt: acceptances.createdAt,
  updatedAt: acceptances.updatedAt,
  pilotName: pilots.publishedName,
  pilotStatus: pilots.status,
  pilotOrgId: pilots.organisationId,
  supervisorOrgId: pilots.supervisorOrgId,
  provinceCode: pilots.provinceCode,
  provinceName: provinces.name,
  batchYear: batches.year,
};

const head = (db: Queryable) =>
  db
    .select(headColumns)
    .from(acceptances)
    .innerJoin(pilots, eq(pilots.id, acceptances.pilotId))
    .innerJoin(provinces, eq(provinces.code, pilots.provinceCode))
    .innerJoin(batches, eq(batches.id, pilots.batchId));

export type AcceptanceHead = Awaited<ReturnType<typeof head>>[number];

// the public portal's ratings, asked on every visit: built once (its three joins were a quarter of the route's CPU)
const publishedRatings = prepared('published_ratings', (db, { pilotId }: Placeholders<{ pilotId?: string | undefined }>) =>
  head(db)
    .where(and(eq(acceptances.status, 'published'), pilotId && eq(acceptances.pilotId, pilotId)))
    .orderBy(asc(batches.year), asc(pilots.seq)),
);

export const acceptanceRepository = {
  async list(db: Queryable, scope: Scope, filter: { status?: AcceptanceStatus | undefined }) {
    return head(db)
      .where(and(visible.byPilot(scope, acceptances.pilotId), filter.status ? eq(acceptances.status, filter.status) : undefined))
      .orderBy(asc(batches.year), asc(pilots.seq));
  },

  async get(db: Queryable, scope: Scope, id: string): Promise<AcceptanceHead | null> {
    const [row] = await head(db)
      .where(and(eq(acceptances.id, id), visible.byPilot(scope, acceptances.pilotId)))
      .limit(1);
    return row ?? null;
  },

  async forPilot(db: Queryable, pilotId: string) {
    const [row] = await db
      .select({ id: acceptances.id, status: acceptances.status })
      .from(acceptances)
      .where(eq(acceptances.pilotId, pilotId));
    return row ?? null;
  },

  /** null when the pilot has one already (a concurrent create). */
  async create(db: Queryable, values: { pilotId: string; taskBookId: string; narrative: string }) {
    const [row] = await db
      .insert(acceptances)
      .values({ pilotId: values.pilotId, taskBookId: values.taskBookId, selfAssessment: { narrative: values.narrative } })
      .onConflictDoNothing()
      .returning({ id: acceptances.id });
    return row?.id ?? null;
  },

  /** Compare-and-set on the version, drafts only: null when someone saved first. */
  async saveNarrative(db: Queryable, id: string, version: number, narrative: string, now: Date) {
    const [row] = await db
      .update(acceptances)
      .set({ selfAssessment: { narrative }, version: sql`${acceptances.version} + 1`, updatedAt: now })
      .where(and(eq(acceptances.id, id), eq(acceptances.version, version), eq(acceptances.status, 'draft')))
      .returning({ version: acceptances.version });
    return row?.version ?? null;
  },

  async setRating(db: Queryable, id: string, rating: Rating) {
    await db.update(acceptances).set({ rating }).where(eq(acceptances.id, id));
  },

  /** What the public portal shows: published ratings (of one pilot when given), by batch and the notice's order. */
  async published(db: Queryable, pilotId?: string) {
    return publishedRatings(db, { pilotId });
  },
};
