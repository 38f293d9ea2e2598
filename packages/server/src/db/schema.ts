import {
  bigint,
  boolean,
  customType,
  date,
  index,
  integer,
  jsonb,
  primaryKey,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import type { AmendmentType, OrganisationType, PilotKind, PilotStatus, Role, SigningParty, TaskBookStatus } from '@smartcity/domain';

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
  indicatorSystemCode: varchar('indicator_system_code', { length: 40 }).notNull().default('MOHURD-2012'),
  // 规定项 for this batch's task books; null = every level-3 indicator under 保障体系与基础设施
  requiredIndicatorCodes: jsonb('required_indicator_codes').$type<string[] | null>(),
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

const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

// One SM2 key pair per organisation; the private key is SM4-encrypted with the platform's master key.
export const organisationKeys = pgTable('organisation_keys', {
  organisationId: uuid('organisation_id')
    .primaryKey()
    .references(() => organisations.id),
  publicKey: text('public_key').notNull(),
  privateKeyEncrypted: text('private_key_encrypted').notNull(),
  createdAt: createdAt(),
});

/** Columns every task-book table carries: the task book and its tenant key, the pilot. */
const taskBookOwned = () => ({
  taskBookId: uuid('task_book_id')
    .notNull()
    .references(() => taskBooks.id),
  pilotId: uuid('pilot_id')
    .notNull()
    .references(() => pilots.id),
});

// 创建任务书: one per pilot per batch
export const taskBooks = pgTable(
  'task_books',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    pilotId: uuid('pilot_id')
      .notNull()
      .references(() => pilots.id),
    batchId: uuid('batch_id')
      .notNull()
      .references(() => batches.id),
    status: text('status').$type<TaskBookStatus>().notNull().default('draft'),
    version: integer('version').notNull().default(1),
    /** number of the latest frozen version (0 before the first submission) */
    currentVersion: integer('current_version').notNull().default(0),
    deadlineExtendedTo: date('deadline_extended_to'),
    openAmendmentId: uuid('open_amendment_id'),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('task_books_pilot_batch_uq').on(t.pilotId, t.batchId), index('task_books_status_idx').on(t.status)],
);

// Each of the eight sections saves on its own, with its own version (ETag / If-Match).
export const taskBookSections = pgTable(
  'task_book_sections',
  {
    ...taskBookOwned(),
    n: integer('n').notNull(),
    content: jsonb('content').notNull(),
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid('updated_by'),
  },
  (t) => [primaryKey({ columns: [t.taskBookId, t.n] })],
);

// Frozen at every submission; signatures refer to one of these.
export const taskBookVersions = pgTable(
  'task_book_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ...taskBookOwned(),
    number: integer('number').notNull(),
    content: jsonb('content').notNull(),
    digest: varchar('digest', { length: 64 }).notNull(),
    amendmentId: uuid('amendment_id'),
    createdAt: createdAt(),
    createdBy: uuid('created_by'),
  },
  (t) => [uniqueIndex('task_book_versions_uq').on(t.taskBookId, t.number)],
);

export const taskBookReviews = pgTable(
  'task_book_reviews',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ...taskBookOwned(),
    versionNumber: integer('version_number').notNull(),
    action: text('action').notNull(),
    reason: text('reason'),
    sectionReasons: jsonb('section_reasons').$type<{ section: number | null; text: string }[]>().notNull().default([]),
    byUserId: uuid('by_user_id').notNull(),
    byName: text('by_name').notNull(),
    organisationId: uuid('organisation_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('task_book_reviews_tb_idx').on(t.taskBookId)],
);

export const taskBookSignatures = pgTable(
  'task_book_signatures',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ...taskBookOwned(),
    versionNumber: integer('version_number').notNull(),
    party: text('party').$type<SigningParty>().notNull(),
    organisationId: uuid('organisation_id').notNull(),
    signerUserId: uuid('signer_user_id').notNull(),
    signerName: text('signer_name').notNull(),
    signerTitle: text('signer_title').notNull(),
    signedOn: date('signed_on').notNull(),
    digest: varchar('digest', { length: 64 }).notNull(),
    signature: text('signature').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('task_book_signatures_uq').on(t.taskBookId, t.versionNumber, t.party)],
);

export const taskBookAmendments = pgTable('task_book_amendments', {
  id: uuid('id').primaryKey().defaultRandom(),
  ...taskBookOwned(),
  type: text('type').$type<AmendmentType>().notNull(),
  reason: text('reason').notNull(),
  fromVersion: integer('from_version').notNull(),
  toVersion: integer('to_version'),
  createdBy: uuid('created_by').notNull(),
  createdAt: createdAt(),
});

export const taskBookAttachments = pgTable('task_book_attachments', {
  id: uuid('id').primaryKey().defaultRandom(),
  ...taskBookOwned(),
  kind: text('kind').notNull(),
  filename: text('filename').notNull(),
  mediaType: text('media_type').notNull(),
  size: integer('size').notNull(),
  sm3: varchar('sm3', { length: 64 }).notNull(),
  data: bytea('data').notNull(),
  createdBy: uuid('created_by').notNull(),
  createdAt: createdAt(),
});


