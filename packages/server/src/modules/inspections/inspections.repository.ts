import type { RectificationStatus } from '@smartcity/domain';
import { and, asc, desc, eq, isNotNull } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Queryable } from '../../db/client.js';
import { findings, inspections, organisations, pilots } from '../../db/schema.js';
import { visible, type Scope } from '../../tenancy/scope.js';
import { preparedRead, type Placeholders } from '../../shared/prepared.repository.js';

const supervisor = alias(organisations, 'supervisor');

// what every inspection and finding carries about its pilot: the tenant and the inspecting province
const pilotColumns = {
  pilotName: pilots.publishedName,
  pilotOrgId: pilots.organisationId,
  supervisorOrgId: pilots.supervisorOrgId,
  supervisorName: supervisor.name,
};

const inspectionHead = (db: Queryable) =>
  db
    .select({
      id: inspections.id,
      pilotId: inspections.pilotId,
      inspectedOn: inspections.inspectedOn,
      inspectors: inspections.inspectors,
      projectsChecked: inspections.projectsChecked,
      summary: inspections.summary,
      createdAt: inspections.createdAt,
      ...pilotColumns,
    })
    .from(inspections)
    .innerJoin(pilots, eq(pilots.id, inspections.pilotId))
    .innerJoin(supervisor, eq(supervisor.id, pilots.supervisorOrgId));

const findingHead = (db: Queryable) =>
  db
    .select({
      id: findings.id,
      inspectionId: findings.inspectionId,
      pilotId: findings.pilotId,
      title: findings.title,
      description: findings.description,
      rectificationDue: findings.rectificationDue,
      status: findings.status,
      version: findings.version,
      answer: findings.answer,
      closedOn: findings.closedOn,
      updatedAt: findings.updatedAt,
      ...pilotColumns,
    })
    .from(findings)
    .innerJoin(pilots, eq(pilots.id, findings.pilotId))
    .innerJoin(supervisor, eq(supervisor.id, pilots.supervisorOrgId));

export type InspectionHead = Awaited<ReturnType<typeof inspectionHead>>[number];
export type FindingHead = Awaited<ReturnType<typeof findingHead>>[number];

export interface NewInspection {
  pilotId: string;
  inspectedOn: string;
  inspectors: string[];
  projectsChecked: string[];
  summary: string;
  createdBy: string;
  findings: { title: string; description: string; rectificationDue: string | null; status: RectificationStatus | null }[];
}

const inspectionList = preparedRead('inspection_list', (db, scope, { pilot }: Placeholders<{ pilot: string | undefined }>) =>
  inspectionHead(db)
    .where(and(visible.byPilot(scope, inspections.pilotId), pilot && eq(inspections.pilotId, pilot)))
    .orderBy(desc(inspections.inspectedOn), desc(inspections.createdAt)),
);
const rectificationList = preparedRead('rectification_list', (db, scope) =>
  findingHead(db)
    .where(and(visible.byPilot(scope, findings.pilotId), isNotNull(findings.status)))
    .orderBy(asc(findings.rectificationDue)),
);

export const inspectionRepository = {
  /** The inspection and its findings: the caller's transaction makes them one change. */
  async create(db: Queryable, input: NewInspection) {
    const { findings: items, ...inspection } = input;
    const [row] = await db.insert(inspections).values(inspection).returning({ id: inspections.id });
    if (items.length) await db.insert(findings).values(items.map((f) => ({ ...f, inspectionId: row!.id, pilotId: input.pilotId })));
    return row!.id;
  },

  async get(db: Queryable, scope: Scope, id: string): Promise<InspectionHead | null> {
    const [row] = await inspectionHead(db)
      .where(and(eq(inspections.id, id), visible.byPilot(scope, inspections.pilotId)))
      .limit(1);
    return row ?? null;
  },

  list: (db: Queryable, scope: Scope, filter: { pilot?: string | undefined }) => inspectionList(db, scope, { pilot: filter.pilot }),

  async findingsOf(db: Queryable, inspectionId: string) {
    return findingHead(db).where(eq(findings.inspectionId, inspectionId)).orderBy(asc(findings.rectificationDue), asc(findings.title));
  },

  async finding(db: Queryable, scope: Scope, id: string): Promise<FindingHead | null> {
    const [row] = await findingHead(db)
      .where(and(eq(findings.id, id), visible.byPilot(scope, findings.pilotId)))
      .limit(1);
    return row ?? null;
  },

  /** Findings that ordered rectification, in scope (to-do lists). */
  rectifications: (db: Queryable, scope: Scope) => rectificationList(db, scope, {}),

  /** One pilot's rectifications, unscoped: for callers that have checked the pilot is in scope. */
  async rectificationsOfPilot(db: Queryable, pilotId: string) {
    return db
      .select({
        id: findings.id,
        title: findings.title,
        status: findings.status,
        rectificationDue: findings.rectificationDue,
        closedOn: findings.closedOn,
      })
      .from(findings)
      .where(and(eq(findings.pilotId, pilotId), isNotNull(findings.status)))
      .orderBy(asc(findings.rectificationDue));
  },

  async updateFinding(db: Queryable, id: string, patch: Partial<Pick<typeof findings.$inferInsert, 'answer' | 'closedOn'>>) {
    await db.update(findings).set(patch).where(eq(findings.id, id));
  },
};
