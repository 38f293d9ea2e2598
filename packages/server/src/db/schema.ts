import {
  bigint,
  boolean,
  date,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import type { OrganisationType, PilotKind, PilotStatus, Role } from '@smartcity/domain';

/*
 * Tenant keys: every tenant-owned table carries organisation_id and/or pilot_id so it can be
 * distributed by it later (Citus). Reference tables (provinces, batches, indicator systems) are
 * small and would be replicated. The audit log is one global chain and stays on the coordinator.
 */

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

export const provinces = pgTable('provinces', {
  code: varchar('code', { length: 6 }).primaryKey(),
  name: text('name').notNull(),
  shortName: text('short_name').notNull(),
  kind: text('kind').notNull(),
  mainland: boolean('mainland').notNull(),
  sort: integer('sort').notNull(),
});

// 申报批次 — named by year of application (年度), distinct from the announcement date.
export const batches = pgTable('batches', {
  id: uuid('id').primaryKey().defaultRandom(),
  year: integer('year').notNull().unique(),
  name: text('name').notNull(),
  title: text('title').notNull(),
  documentNo: text('document_no'),
  announcedOn: date('announced_on'),
  taskBookDeadline: date('task_book_deadline'),
  createdAt: createdAt(),
});

export const organisations = pgTable(
  'organisations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    type: text('type').$type<OrganisationType>().notNull(),
    code: varchar('code', { length: 64 }).notNull().unique(),
    name: text('name').notNull(),
    provinceCode: varchar('province_code', { length: 6 }).references(() => provinces.code),
    // a pilot government's supervising provincial department (丙方); null elsewhere
    parentId: uuid('parent_id'),
    createdAt: createdAt(),
  },
  (t) => [index('organisations_parent_idx').on(t.parentId), index('organisations_province_idx').on(t.provinceCode)],
);

export const pilots = pgTable(
  'pilots',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .unique()
      .references(() => organisations.id),
    supervisorOrgId: uuid('supervisor_org_id')
      .notNull()
      .references(() => organisations.id),
    batchId: uuid('batch_id')
      .notNull()
      .references(() => batches.id),
    provinceCode: varchar('province_code', { length: 6 })
      .notNull()
      .references(() => provinces.code),
    seq: integer('seq').notNull(),
    publishedName: text('published_name').notNull(),
    officialName: text('official_name'),
    adminCode: varchar('admin_code', { length: 6 }),
    kind: text('kind').$type<PilotKind>().notNull(),
    officialCategory: text('official_category'),
    status: text('status').$type<PilotStatus>().notNull().default('designated'),
    note: text('note'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('pilots_batch_name_uq').on(t.batchId, t.publishedName),
    index('pilots_supervisor_idx').on(t.supervisorOrgId, t.seq),
    index('pilots_province_idx').on(t.provinceCode, t.seq),
    index('pilots_batch_seq_idx').on(t.batchId, t.seq),
  ],
);

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    username: varchar('username', { length: 64 }).notNull().unique(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    roles: text('roles').array().$type<Role[]>().notNull(),
    // experts: their home province, for the conflict-of-interest rule
    homeProvinceCode: varchar('home_province_code', { length: 6 }),
    failedAttempts: integer('failed_attempts').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    disabled: boolean('disabled').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index('users_organisation_idx').on(t.organisationId)],
);

export const sessions = pgTable(
  'sessions',
  {
    // SHA-256 of the cookie token: a leaked table does not yield usable cookies
    id: varchar('id', { length: 64 }).primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    createdAt: createdAt(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export const indicatorSystems = pgTable('indicator_systems', {
  id: uuid('id').primaryKey().defaultRandom(),
  code: varchar('code', { length: 40 }).notNull().unique(),
  name: text('name').notNull(),
  version: text('version').notNull(),
  issuedBy: text('issued_by').notNull(),
  source: text('source'),
  createdAt: createdAt(),
});

export const indicators = pgTable(
  'indicators',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    systemId: uuid('system_id')
      .notNull()
      .references(() => indicatorSystems.id),
    parentId: uuid('parent_id'),
    level: integer('level').notNull(),
    code: varchar('code', { length: 20 }).notNull(),
    name: text('name').notNull(),
    uncertain: boolean('uncertain').notNull().default(false),
    sort: integer('sort').notNull(),
  },
  (t) => [uniqueIndex('indicators_system_code_uq').on(t.systemId, t.code)],
);

// Which pilots an expert may see; later issues add application assignments.
export const expertAssignments = pgTable(
  'expert_assignments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    pilotId: uuid('pilot_id')
      .notNull()
      .references(() => pilots.id),
    expertUserId: uuid('expert_user_id')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('expert_assignments_uq').on(t.expertUserId, t.pilotId)],
);

// Append-only, SM3-chained: hash = SM3(prev_hash ‖ canonical row). A trigger refuses UPDATE and DELETE.
export const auditLog = pgTable(
  'audit_log',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true, precision: 3 }).notNull(),
    actorUserId: uuid('actor_user_id'),
    actorName: text('actor_name').notNull(),
    organisationId: uuid('organisation_id'),
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id').notNull(),
    beforeDigest: varchar('before_digest', { length: 64 }),
    afterDigest: varchar('after_digest', { length: 64 }),
    prevHash: varchar('prev_hash', { length: 64 }).notNull(),
    hash: varchar('hash', { length: 64 }).notNull(),
  },
  (t) => [index('audit_target_idx').on(t.targetType, t.targetId), index('audit_org_idx').on(t.organisationId)],
);
