import { sql, type SQLWrapper } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  customType,
  date,
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  primaryKey,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import type {
  OrganisationStatus,
  AcceptanceStatus,
  AgreementContent,
  AgreementStatus,
  AmendmentType,
  ApplicationStatus,
  CallStatus,
  ExtensionStatus,
  ExtensionSubject,
  NoticeStatus,
  OrganisationType,
  PilotKind,
  PilotStatus,
  Rating,
  RatingRule,
  RectificationStatus,
  ReportContent,
  ReportStatus,
  Role,
  Rubric,
  TaskBookStatus,
  FieldDef,
  ResourceStatus,
  RowFilter,
  SharingClass,
  SharingStatus,
  SubscriptionStatus,
  UpdateCycle,
} from '@smartcity/domain';

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
    /** a self-registered applicant is 'pending' until its province approves ('active') or refuses it */
    status: text('status').$type<OrganisationStatus>().notNull().default('active'),
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
    // the registry pages in the published order batch by batch (batch_id, seq), for a scope or filter too: each
    // index walks only its own pilots of a batch, in order, and counts up to its cap without touching the others
    index('pilots_batch_seq_idx').on(t.batchId, t.seq),
    index('pilots_supervisor_idx').on(t.supervisorOrgId, t.batchId, t.seq),
    index('pilots_province_idx').on(t.provinceCode, t.batchId, t.seq),
    index('pilots_kind_idx').on(t.kind, t.batchId, t.seq),
    index('pilots_status_idx').on(t.status, t.batchId, t.seq),
    // the registry sorted by name pages off this index rather than sorting every pilot
    index('pilots_name_idx').on(t.publishedName),
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
    /** 职务: what a signature names beside the name, from the account (never typed at signing) */
    title: text('title'),
    passwordHash: text('password_hash').notNull(),
    roles: text('roles').array().$type<Role[]>().notNull(),
    // experts: their home province, for the conflict-of-interest rule
    homeProvinceCode: varchar('home_province_code', { length: 6 }),
    /** where the outbox sends notifications, when SMTP is configured */
    email: text('email'),
    disabled: boolean('disabled').notNull().default(false),
    /** administrators' edits (roles, disabling) go by If-Match */
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
  },
  (t) => [index('users_organisation_idx').on(t.organisationId)],
);

// One-time links that reset a forgotten password: only a digest of the token is stored, it works once, and expires.
export const passwordResets = pgTable(
  'password_resets',
  {
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    /** SHA-256 of the token the link carries */
    id: varchar('id', { length: 64 }).notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.organisationId, t.id] }),
    // the link carries no organisation: it is found by its digest alone
    index('password_resets_id_idx').on(t.id),
    index('password_resets_user_idx').on(t.userId, t.createdAt),
  ],
);

// Failed sign-ins per (username, client address) — never per account alone, so failing from elsewhere cannot
// keep the real user out — and the same for usernames that do not exist, so the answers say nothing about them.
export const signInThrottle = pgTable('sign_in_throttle', {
  /** SHA-256 of the lower-cased username and the client address */
  key: varchar('key', { length: 64 }).primaryKey(),
  failures: integer('failures').notNull(),
  lastFailureAt: timestamp('last_failure_at', { withTimezone: true }).notNull(),
  blockedUntil: timestamp('blocked_until', { withTimezone: true }),
});

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
    /** level 3: the target is yes/no or a text, not a number */
    qualitative: boolean('qualitative').notNull().default(false),
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

// Append-only, SM3-chained: hash = SM3(prev_hash ‖ canonical row), one chain per acting organisation (so organisations
// write in parallel; `programme` is the single chain of entries made before chains existed). `seq` orders all entries
// (from a sequence, so it may skip numbers); `chain_seq` counts within a chain without gaps. Triggers refuse changes.
// The chain leads the primary key: the log is distributable by chain (docs/scale-out.md); `seq` is unique by its sequence.
export const auditLog = pgTable(
  'audit_log',
  {
    seq: bigint('seq', { mode: 'number' }).notNull(),
    chain: text('chain').notNull(),
    chainSeq: bigint('chain_seq', { mode: 'number' }).notNull(),
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
  (t) => [
    primaryKey({ columns: [t.chain, t.seq, t.at] }),
    index('audit_seq_idx').on(t.seq),
    index('audit_target_idx').on(t.targetType, t.targetId),
    index('audit_org_idx').on(t.organisationId),
    uniqueIndex('audit_chain_uq').on(t.chain, t.chainSeq, t.at),
  ],
);

// Signed checkpoints of the audit chain's head: a verifier compares the chain with them, so a lost tail or a chain
// rewritten with recomputed hashes shows. Append-only like the log; published at /api/public/audit-checkpoints.
export const auditCheckpoints = pgTable('audit_checkpoints', {
  seq: bigint('seq', { mode: 'number' }).primaryKey(),
  /** auditCheckpoint/1: the one chain's head (seq, head_hash); smartcity-audit-checkpoint/2: every chain's head (heads) */
  format: text('format').notNull(),
  /** chain → its head { seq: chain_seq, hash } when signed (format 2) */
  heads: jsonb('heads').$type<Record<string, { seq: number; hash: string }>>(),
  headHash: varchar('head_hash', { length: 64 }).notNull(),
  signedAt: timestamp('signed_at', { withTimezone: true, precision: 3 }).notNull(),
  signerOrgId: uuid('signer_org_id')
    .notNull()
    .references(() => organisations.id),
  signerKeyNo: integer('signer_key_no').notNull(),
  signature: text('signature').notNull(),
});

// 审计日志保存期限: a month of the audit log dropped past its retention, signed like a checkpoint. Each chain's last
// entry dropped (its number and hash) is where the kept part of the chain now starts: a verifier links the first kept
// entry to it, so a month removed by retention reads as retention, and a month removed by anyone else as a break.
export const auditRetention = pgTable('audit_retention', {
  seq: bigint('seq', { mode: 'number' }).primaryKey(),
  format: text('format').notNull(),
  /** the month dropped, YYYYMM (Beijing time) */
  month: varchar('month', { length: 6 }).notNull(),
  /** chain → its last entry dropped { seq: chain_seq, hash } */
  cut: jsonb('cut').$type<Record<string, { seq: number; hash: string }>>().notNull(),
  entries: bigint('entries', { mode: 'number' }).notNull(),
  droppedAt: timestamp('dropped_at', { withTimezone: true, precision: 3 }).notNull(),
  signerOrgId: uuid('signer_org_id')
    .notNull()
    .references(() => organisations.id),
  signerKeyNo: integer('signer_key_no').notNull(),
  signature: text('signature').notNull(),
});

const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

// Each organisation's SM2 key pairs, numbered: one current, the earlier ones retired but kept to verify what they
// signed. The private key is SM4-encrypted with the platform's master key. A key is trusted only as pinned in the
// audit chain (its fingerprint); a rotated-in key also carries the previous key's signature announcing it.
export const organisationKeys = pgTable(
  'organisation_keys',
  {
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    keyNo: integer('key_no').notNull(),
    publicKey: text('public_key').notNull(),
    privateKeyEncrypted: text('private_key_encrypted').notNull(),
    createdAt: createdAt(),
    retiredAt: timestamp('retired_at', { withTimezone: true, precision: 3 }),
    /** SM2 signature by key keyNo − 1 over the rotation statement (null for an organisation's first key) */
    rotationSignature: text('rotation_signature'),
  },
  (t) => [primaryKey({ columns: [t.organisationId, t.keyNo] })],
);

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
    // the creation period's years, kept by the database from the frozen content: the dashboards' report facts read
    // them for every pilot, and reading them out of the JSON detoasts each whole version (1.3 s at 3,000 pilots)
    periodStart: integer('period_start').generatedAlwaysAs(sql`((content -> 'period' ->> 'startYear')::int)`),
    periodEnd: integer('period_end').generatedAlwaysAs(sql`((content -> 'period' ->> 'endYear')::int)`),
    // planned investment by year and funding source ({"2014": {"government": …}}), each project's sources spread
    // evenly over its years: summed over every signed book by the dashboards, where reading the projects out of the
    // whole version took 133 ms at 3,000 books. The function is created by migration 0023.
    investment: jsonb('investment').generatedAlwaysAs(sql`task_book_investment(content)`),
    amendmentId: uuid('amendment_id'),
    createdAt: createdAt(),
    createdBy: uuid('created_by'),
  },
  (t) => [uniqueIndex('task_book_versions_uq').on(t.taskBookId, t.number)],
);

/**
 * A version's planned investment (its `investment` column) as one row per year, written by the database when the
 * version is (trigger, migration 0037): the Ministry's dashboard sums the signed books' rows (9 ms at 3,000 pilots on
 * PostgreSQL), where reading the same figures out of 3,000 JSON documents took 20. Versions are never updated, so
 * neither are these. Keyed by the book first: the dashboards join it by book and version.
 */
/** An amount of 元 of `taskBookInvestmentYears` (or a sum of them) in 万元, the unit the task book and the dashboards use. */
export const inWan = (yuan: SQLWrapper) => sql`(${yuan}) / 10000.0`;

export const taskBookInvestmentYears = pgTable(
  'task_book_investment_years',
  {
    pilotId: uuid('pilot_id')
      .notNull()
      .references(() => pilots.id),
    taskBookId: uuid('task_book_id').notNull(),
    version: integer('version').notNull(),
    year: integer('year').notNull(),
    // 元 (万元 × 10,000), each source's sum over the version's projects for the year (task_book_investment, migration
    // 0023, rounds it to four places of 万元): whole numbers, so the dashboards sum integers, exactly, where numeric sums
    // cost a quarter of the Ministry's investment statement (migration 0040). Read them in 万元 with `inWan`.
    government: bigint('government', { mode: 'number' }).notNull(),
    social: bigint('social', { mode: 'number' }).notNull(),
    bank: bigint('bank', { mode: 'number' }).notNull(),
    other: bigint('other', { mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({ name: 'task_book_investment_years_pkey', columns: [t.taskBookId, t.version, t.year, t.pilotId] }),
    foreignKey({
      name: 'task_book_investment_years_version_fk',
      columns: [t.taskBookId, t.version],
      foreignColumns: [taskBookVersions.taskBookId, taskBookVersions.number],
    }),
  ],
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

// ---- shared by several lifecycles: subject = (subject_type, subject_id); tenant = the owning organisation ----

const subject = () => ({
  subjectType: text('subject_type').notNull(),
  subjectId: uuid('subject_id').notNull(),
  /** the organisation that owns the subject (the pilot's or applicant's government): the tenant key */
  ownerOrgId: uuid('owner_org_id')
    .notNull()
    .references(() => organisations.id),
});

// Review decisions with their reasons (task books, applications, annual reports …).
export const reviews = pgTable(
  'reviews',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ...subject(),
    versionNumber: integer('version_number').notNull().default(0),
    action: text('action').notNull(),
    reason: text('reason'),
    /** reasons pointing at a part of the subject: a section number, an indicator or project id */
    itemReasons: jsonb('item_reasons').$type<{ item: string | null; text: string }[]>().notNull().default([]),
    byUserId: uuid('by_user_id').notNull(),
    byName: text('by_name').notNull(),
    organisationId: uuid('organisation_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('reviews_subject_idx').on(t.subjectType, t.subjectId)],
);

// One row per party and frozen version: SM2 signature over the version's SM3 digest and the signer.
export const signatures = pgTable(
  'signatures',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ...subject(),
    versionNumber: integer('version_number').notNull(),
    party: text('party').notNull(),
    organisationId: uuid('organisation_id').notNull(),
    signerUserId: uuid('signer_user_id').notNull(),
    signerName: text('signer_name').notNull(),
    signerTitle: text('signer_title').notNull(),
    signedOn: date('signed_on').notNull(),
    digest: varchar('digest', { length: 64 }).notNull(),
    /** which encoding of the signed fields (docs/signatures.md): smartcity-signature/1 is the legacy '|' layout */
    format: text('format').notNull(),
    /** the signer organisation's key (organisation_keys.key_no) */
    keyNo: integer('key_no').notNull(),
    signature: text('signature').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('signatures_uq').on(t.subjectType, t.subjectId, t.versionNumber, t.party)],
);

export const attachments = pgTable(
  'attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ...subject(),
    kind: text('kind').notNull(),
    filename: text('filename').notNull(),
    mediaType: text('media_type').notNull(),
    size: integer('size').notNull(),
    sm3: varchar('sm3', { length: 64 }).notNull(),
    data: bytea('data').notNull(),
    createdBy: uuid('created_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('attachments_subject_idx').on(t.subjectType, t.subjectId)],
);

// Expert scoring (综合评审 of applications, 验收 of pilots): one row per expert and subject.
export const expertReviews = pgTable(
  'expert_reviews',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ...subject(),
    expertUserId: uuid('expert_user_id')
      .notNull()
      .references(() => users.id),
    /** why this expert: home province, load at assignment time */
    explanation: text('explanation').notNull(),
    /** when the expert declared no conflict of interest (利益冲突声明), which scoring needs; a conflict removes the row */
    noConflictDeclaredAt: timestamp('no_conflict_declared_at', { withTimezone: true }),
    /** a draft's scores (possibly incomplete) until submitted, then final */
    scores: jsonb('scores').$type<Record<string, number>>(),
    comment: text('comment'),
    total: doublePrecision('total'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('expert_reviews_uq').on(t.subjectType, t.subjectId, t.expertUserId),
    index('expert_reviews_expert_idx').on(t.expertUserId),
  ],
);

// ---- the programme around the task book ----

// 申报批次: a call for one year (年度); its batch is made with it
export const calls = pgTable('calls', {
  id: uuid('id').primaryKey().defaultRandom(),
  batchId: uuid('batch_id')
    .notNull()
    .unique()
    .references(() => batches.id),
  title: text('title').notNull(),
  opensOn: date('opens_on').notNull(),
  closesOn: date('closes_on').notNull(),
  quotaPerProvince: integer('quota_per_province').notNull(),
  requiredAttachments: jsonb('required_attachments').$type<string[]>().notNull(),
  rubric: jsonb('rubric').$type<Rubric>().notNull(),
  status: text('status').$type<CallStatus>().notNull().default('draft'),
  version: integer('version').notNull().default(1),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const applications = pgTable(
  'applications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    callId: uuid('call_id')
      .notNull()
      .references(() => calls.id),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    provinceCode: varchar('province_code', { length: 6 })
      .notNull()
      .references(() => provinces.code),
    supervisorOrgId: uuid('supervisor_org_id')
      .notNull()
      .references(() => organisations.id),
    name: text('name').notNull(),
    kind: text('kind').$type<PilotKind>().notNull(),
    adminCode: varchar('admin_code', { length: 6 }),
    summary: text('summary').notNull().default(''),
    declarations: jsonb('declarations').$type<Record<string, boolean>>().notNull(),
    contact: jsonb('contact').$type<{ name: string; phone: string }>().notNull(),
    status: text('status').$type<ApplicationStatus>().notNull().default('draft'),
    version: integer('version').notNull().default(1),
    provinceReport: text('province_report'),
    decisionReason: text('decision_reason'),
    pilotId: uuid('pilot_id').references(() => pilots.id),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('applications_call_org_uq').on(t.callId, t.organisationId),
    index('applications_supervisor_idx').on(t.supervisorOrgId),
  ],
);

export const annualReports = pgTable(
  'annual_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    pilotId: uuid('pilot_id')
      .notNull()
      .references(() => pilots.id),
    taskBookId: uuid('task_book_id')
      .notNull()
      .references(() => taskBooks.id),
    year: integer('year').notNull(),
    status: text('status').$type<ReportStatus>().notNull().default('draft'),
    version: integer('version').notNull().default(1),
    content: jsonb('content').$type<ReportContent>().notNull(),
    /** what was last submitted */
    submittedContent: jsonb('submitted_content').$type<ReportContent>(),
    /** what the last return sent back: the redraft shows what changed since */
    returnedContent: jsonb('returned_content').$type<ReportContent>(),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('annual_reports_pilot_year_uq').on(t.pilotId, t.year),
    // a year's or a state's reports are counted and found without reading the other years' (a year is thousands); with
    // the pilot, state and id, the dashboards' join of a year's reports to the pilots reads the index alone, not a heap
    // page per report (PostgreSQL vacuumed, 3,000 pilots, a year, prepared: the Ministry's figures 12.7–13.4 → 8.0–11.1
    // ms and its progress table 52–59 → 37–41 ms with the state; its overdue list, which shows the report's id,
    // 10.9 → 3.0 ms with the id as well, the others unchanged)
    index('annual_reports_year_pilot_status_id_idx').on(t.year, t.pilotId, t.status, t.id),
    // a province's count of a state reads the state's entries once, off the index alone, against its own pilots: on
    // (status) the planner intersected each pilot's reports with the whole state's (江苏 at 3,000 pilots: 249 times)
    index('annual_reports_status_pilot_idx').on(t.status, t.pilotId),
  ],
);

export const inspections = pgTable(
  'inspections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    pilotId: uuid('pilot_id')
      .notNull()
      .references(() => pilots.id),
    inspectedOn: date('inspected_on').notNull(),
    inspectors: jsonb('inspectors').$type<string[]>().notNull(),
    projectsChecked: jsonb('projects_checked').$type<string[]>().notNull(),
    summary: text('summary').notNull(),
    createdBy: uuid('created_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('inspections_pilot_idx').on(t.pilotId)],
);

// A finding; with a due date it orders rectification (整改) and runs the rectification lifecycle.
export const findings = pgTable(
  'findings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    inspectionId: uuid('inspection_id')
      .notNull()
      .references(() => inspections.id),
    pilotId: uuid('pilot_id')
      .notNull()
      .references(() => pilots.id),
    title: text('title').notNull(),
    description: text('description').notNull(),
    rectificationDue: date('rectification_due'),
    status: text('status').$type<RectificationStatus>(),
    version: integer('version').notNull().default(1),
    answer: text('answer'),
    closedOn: date('closed_on'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('findings_pilot_idx').on(t.pilotId)],
);

export const ratingRules = pgTable('rating_rules', {
  id: uuid('id').primaryKey().defaultRandom(),
  version: varchar('version', { length: 40 }).notNull().unique(),
  rule: jsonb('rule').$type<RatingRule>().notNull(),
  createdBy: uuid('created_by'),
  createdAt: createdAt(),
});

export const acceptances = pgTable('acceptances', {
  id: uuid('id').primaryKey().defaultRandom(),
  pilotId: uuid('pilot_id')
    .notNull()
    .unique()
    .references(() => pilots.id),
  taskBookId: uuid('task_book_id')
    .notNull()
    .references(() => taskBooks.id),
  status: text('status').$type<AcceptanceStatus>().notNull().default('draft'),
  version: integer('version').notNull().default(1),
  selfAssessment: jsonb('self_assessment').$type<{ narrative: string }>().notNull(),
  /** the rating as confirmed by the Ministry: the rule version and its explanation */
  rating: jsonb('rating').$type<Rating>(),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const agreements = pgTable('agreements', {
  id: uuid('id').primaryKey().defaultRandom(),
  provinceCode: varchar('province_code', { length: 6 })
    .notNull()
    .unique()
    .references(() => provinces.code),
  /** the provincial government (省级人民政府), the other party */
  organisationId: uuid('organisation_id')
    .notNull()
    .references(() => organisations.id),
  status: text('status').$type<AgreementStatus>().notNull().default('draft'),
  version: integer('version').notNull().default(1),
  content: jsonb('content').$type<AgreementContent>().notNull(),
  /** SM3 of the content frozen for signing */
  digest: varchar('digest', { length: 64 }),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

// In-app notifications, and the e-mail outbox that mirrors them when SMTP is configured.
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    kind: text('kind').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: uuid('subject_id').notNull(),
    /** the notice's parameters; its text is made in the reader's language from `kind` (domain noticeText) */
    params: jsonb('params').$type<Record<string, string | number>>().notNull().default({}),
    /** Chinese text stored by releases before notices had parameters; shown only for those rows */
    legacyTitle: text('title'),
    createdAt: createdAt(),
  },
  (t) => [index('notifications_org_idx').on(t.organisationId, t.createdAt)],
);

// Who has read which notification: each member of the organisation for themselves.
export const notificationReads = pgTable(
  'notification_reads',
  {
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    notificationId: uuid('notification_id')
      .notNull()
      .references(() => notifications.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    readAt: timestamp('read_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.organisationId, t.notificationId, t.userId] })],
);

export const outbox = pgTable(
  'outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id').notNull(),
    notificationId: uuid('notification_id').references(() => notifications.id),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    status: text('status').$type<'pending' | 'sent' | 'failed'>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /** null: due now; after a failed attempt, when to try again */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('outbox_pending_idx').on(t.status, t.nextAttemptAt)],
);

/**
 * Present when the deployment holds the demo programme (`--demo`): every page then says 演示数据. One row; the live
 * demo call's dates follow `refreshedOn` (`db seed --demo --refresh` moves them to today).
 */
export const demoProgramme = pgTable('demo_programme', {
  id: integer('id').primaryKey().default(1),
  seededOn: date('seeded_on').notNull(),
  refreshedOn: date('refreshed_on').notNull(),
  callId: uuid('call_id').references(() => calls.id),
  summary: jsonb('summary').$type<Record<string, unknown>>().notNull(),
});
// 延期申请: a pilot's request for a later deadline and the Ministry's decision (a grant it makes unasked is one it
// approved at once). The deadline is a task book's first submission (task_book_id; a grant sets
// task_books.deadline_extended_to in the same transaction) or a year's annual report (report_year: the report may not
// be started, so the pilot and the year name it; its due date is the latest granted_until). One lifecycle either way.
export const extensionRequests = pgTable(
  'extension_requests',
  {
    pilotId: uuid('pilot_id')
      .notNull()
      .references(() => pilots.id),
    id: uuid('id').notNull().defaultRandom(),
    subject: text('subject').$type<ExtensionSubject>().notNull().default('taskBook'),
    taskBookId: uuid('task_book_id').references(() => taskBooks.id),
    reportYear: integer('report_year'),
    status: text('status').$type<ExtensionStatus>().notNull().default('requested'),
    version: integer('version').notNull().default(1),
    /** the deadline it extends, as it stood when asked */
    deadline: date('deadline'),
    proposedUntil: date('proposed_until').notNull(),
    reason: text('reason').notNull(),
    requestedBy: uuid('requested_by')
      .notNull()
      .references(() => users.id),
    grantedUntil: date('granted_until'),
    decisionReason: text('decision_reason'),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.pilotId, t.id] }),
    // the lifecycle engine and links name a request by its id alone
    index('extension_requests_id_idx').on(t.id),
    index('extension_requests_pilot_idx').on(t.pilotId, t.taskBookId),
    index('extension_requests_report_idx').on(t.pilotId, t.reportYear),
    // exactly one deadline: the task book's, or the year's report
    check(
      'extension_requests_subject_ck',
      sql`(${t.subject} = 'taskBook' and ${t.taskBookId} is not null and ${t.reportYear} is null)
        or (${t.subject} = 'annualReport' and ${t.reportYear} is not null and ${t.taskBookId} is null)`,
    ),
    // one open request per deadline: a second one waits for the first decision
    uniqueIndex('extension_requests_open_uq')
      .on(t.pilotId, t.taskBookId)
      .where(sql`status = 'requested' and subject = 'taskBook'`),
    uniqueIndex('extension_requests_open_report_uq')
      .on(t.pilotId, t.reportYear)
      .where(sql`status = 'requested' and subject = 'annualReport'`),
  ],
);

// Work the platform does at a time (reminders, escalations): claimed with FOR UPDATE SKIP LOCKED under a lease, so
// one of several app instances runs each job, and a job whose worker died is taken again when its lease ends.
export const scheduledJobs = pgTable(
  'scheduled_jobs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** what makes it the same job: scheduling it again is a no-op */
    key: text('key').notNull(),
    kind: text('kind').notNull(),
    payload: jsonb('payload').notNull(),
    runAt: timestamp('run_at', { withTimezone: true }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    lockedBy: text('locked_by'),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    doneAt: timestamp('done_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('scheduled_jobs_key_uq').on(t.key),
    index('scheduled_jobs_due_idx')
      .on(t.runAt)
      .where(sql`done_at is null`),
  ],
);

// 通知公告: issued by an organisation (the Ministry or a province department), draft until published.
export const notices = pgTable(
  'notices',
  {
    /** the issuing organisation */
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    id: uuid('id').notNull().defaultRandom(),
    status: text('status').$type<NoticeStatus>().notNull().default('draft'),
    version: integer('version').notNull().default(1),
    title: text('title').notNull(),
    docNumber: text('doc_number'),
    issuer: text('issuer').notNull(),
    issuedOn: date('issued_on').notNull(),
    /** sanitised HTML */
    body: text('body').notNull(),
    audiencePublic: boolean('audience_public').notNull().default(false),
    audienceTiers: text('audience_tiers')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    audienceOrgs: uuid('audience_orgs')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    createdBy: uuid('created_by').references(() => users.id),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.organisationId, t.id] }),
    // the lifecycle engine and links name a notice by its id alone
    uniqueIndex('notices_id_uq').on(t.id),
    index('notices_published_idx').on(t.status, t.publishedAt),
  ],
);

// 阅读回执: an organisation has read a notice when any of its users opened it; the first opening is kept.
export const noticeReads = pgTable(
  'notice_reads',
  {
    /** the reading organisation */
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    noticeId: uuid('notice_id').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    readAt: timestamp('read_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.organisationId, t.noticeId] }), index('notice_reads_notice_idx').on(t.noticeId)],
);
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/*
 * 全文检索: one row per searchable record (pilot, task book, annual report, inspection, finding), rewritten by
 * search/search-index.repository.ts in the transaction of every audited change. `lexemes` are built in code (jieba search-mode words,
 * every CJK character and character pair, pinyin, codes) and stored as-is, so no text-search parser or dictionary is
 * involved and the same SQL works on PGlite and PostgreSQL; `body` keeps the text for pg_trgm partial matches and
 * for the highlighted fragment. Keyed by the pilot, as every tenant-owned table is.
 */
export const searchDocuments = pgTable(
  'search_documents',
  {
    pilotId: uuid('pilot_id')
      .notNull()
      .references(() => pilots.id),
    subjectType: text('subject_type').notNull(),
    subjectId: uuid('subject_id').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    lexemes: tsvector('lexemes').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.pilotId, t.subjectType, t.subjectId] }),
    index('search_documents_lexemes_idx').using('gin', t.lexemes),
    index('search_documents_body_trgm_idx').using('gin', sql`${t.body} gin_trgm_ops`),
    // the names' lexemes (weight A) alone: a common word's named hits without reading every hit (search.repository.ts)
    index('search_documents_named_idx').using('gin', sql`ts_filter(${t.lexemes}, '{a}')`),
    // a type's hits counted without reading the other types' (a common word is in most records)
    index('search_documents_type_idx').on(t.subjectType),
  ],
);

/*
 * 城市公共信息平台: each pilot's own platform in the one deployment, every row keyed by the pilot (the distribution
 * key). Records of every resource share one table: no DDL per resource (docs/architecture.md, "records store").
 */

/** 政务信息资源目录: a resource listed by its provider department. */
export const platformResources = pgTable(
  'platform_resources',
  {
    pilotId: uuid('pilot_id')
      .notNull()
      .references(() => pilots.id),
    id: uuid('id').notNull().defaultRandom(),
    providerOrgId: uuid('provider_org_id')
      .notNull()
      .references(() => organisations.id),
    classification: varchar('classification', { length: 12 }).notNull(),
    /** the provider's sequence within the pilot: the code's tail */
    seq: integer('seq').notNull(),
    code: varchar('code', { length: 80 }).notNull(),
    name: text('name').notNull(),
    summary: text('summary').notNull(),
    themes: jsonb('themes').$type<string[]>().notNull(),
    fields: jsonb('fields').$type<FieldDef[]>().notNull(),
    format: text('format').notNull(),
    updateCycle: text('update_cycle').$type<UpdateCycle>().notNull(),
    sharingClass: text('sharing_class').$type<SharingClass>().notNull(),
    condition: text('condition'),
    legalBasis: text('legal_basis'),
    sharingMethod: text('sharing_method').notNull(),
    openData: boolean('open_data').notNull().default(false),
    indicatorCodes: jsonb('indicator_codes').$type<string[]>().notNull(),
    status: text('status').$type<ResourceStatus>().notNull().default('draft'),
    version: integer('version').notNull().default(1),
    releaseDate: date('release_date'),
    lastLoadAt: timestamp('last_load_at', { withTimezone: true }),
    rowCount: integer('row_count').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.pilotId, t.id] }),
    index('platform_resources_id_idx').on(t.id),
    uniqueIndex('platform_resources_code_uq').on(t.pilotId, t.code),
    index('platform_resources_provider_idx').on(t.pilotId, t.providerOrgId),
  ],
);

/** A resource's records: one row per key, the values as JSON keyed by field name; the load or write that last set it. */
export const platformRecords = pgTable(
  'platform_records',
  {
    pilotId: uuid('pilot_id').notNull(),
    resourceId: uuid('resource_id').notNull(),
    key: text('key').notNull(),
    doc: jsonb('doc').$type<Record<string, unknown>>().notNull(),
    loadId: uuid('load_id'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    // the resource's indexed fields (INDEX_SLOTS), filled from doc at every write: numbers, dates and times as numbers
    n1: numeric('n1'),
    n2: numeric('n2'),
    t1: text('t1'),
    t2: text('t2'),
  },
  (t) => [
    primaryKey({ columns: [t.pilotId, t.resourceId, t.key] }),
    // partial: most resources index nothing, and their records cost these indexes nothing
    ...(['n1', 'n2', 't1', 't2'] as const).map((slot) =>
      index(`platform_records_${slot}_idx`)
        .on(t.pilotId, t.resourceId, t[slot], t.key)
        .where(sql.raw(`${slot} is not null`)),
    ),
  ],
);

/** 数据装载: a bulk load of a file, with its counts, digest and the report of rows refused. */
export const platformLoads = pgTable(
  'platform_loads',
  {
    pilotId: uuid('pilot_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    resourceId: uuid('resource_id').notNull(),
    status: text('status').$type<'running' | 'done' | 'refused' | 'failed'>().notNull().default('running'),
    format: text('format').notNull(),
    encoding: text('encoding'),
    /** upsert: add and update by key; replace: also delete the keys the file does not hold */
    mode: text('mode').$type<'upsert' | 'replace'>().notNull(),
    /** all: nothing unless every row is good; good: the good rows */
    policy: text('policy').$type<'all' | 'good'>().notNull(),
    fileName: text('file_name'),
    rowsRead: integer('rows_read').notNull().default(0),
    added: integer('added').notNull().default(0),
    updated: integer('updated').notNull().default(0),
    deleted: integer('deleted').notNull().default(0),
    rejected: integer('rejected').notNull().default(0),
    /** SM3 of the file's bytes, hex */
    digest: varchar('digest', { length: 64 }),
    /** the resource's records once this load was applied: a linked indicator's value at the time (docs/platform.md) */
    rowsAfter: integer('rows_after'),
    problems: jsonb('problems').$type<{ line: number; field: string | null; problem: string }[]>().notNull().default([]),
    error: text('error'),
    loadedBy: uuid('loaded_by')
      .notNull()
      .references(() => users.id),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    /** set by each staged batch: a running load whose heartbeat stopped died with its process */
    heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.pilotId, t.id] }), index('platform_loads_resource_idx').on(t.pilotId, t.resourceId, t.startedAt)],
);

/**
 * A load's rows staged in committed batches (so a long load holds no lock and the embedded engine's one connection
 * stays free), applied to the records in one short transaction at the end: all or nothing, even if the process dies.
 * The key is unique per load: a key repeated in a file is found here.
 */
export const platformLoadRows = pgTable(
  'platform_load_rows',
  {
    pilotId: uuid('pilot_id').notNull(),
    loadId: uuid('load_id').notNull(),
    key: text('key').notNull(),
    line: integer('line').notNull(),
    doc: jsonb('doc').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.pilotId, t.loadId, t.key] })],
);

/** 共享申请 and, once approved, the grant every query checks. */
export const sharingRequests = pgTable(
  'sharing_requests',
  {
    pilotId: uuid('pilot_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    resourceId: uuid('resource_id').notNull(),
    consumerOrgId: uuid('consumer_org_id')
      .notNull()
      .references(() => organisations.id),
    providerOrgId: uuid('provider_org_id')
      .notNull()
      .references(() => organisations.id),
    status: text('status').$type<SharingStatus>().notNull().default('requested'),
    version: integer('version').notNull().default(1),
    purpose: text('purpose').notNull(),
    fields: jsonb('fields').$type<string[]>().notNull(),
    until: date('until').notNull(),
    dueOn: date('due_on').notNull(),
    grantedFields: jsonb('granted_fields').$type<string[]>(),
    rowFilter: jsonb('row_filter').$type<RowFilter>(),
    expiresOn: date('expires_on'),
    decisionReason: text('decision_reason'),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    requestedBy: uuid('requested_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.pilotId, t.id] }),
    index('sharing_requests_id_idx').on(t.id),
    index('sharing_requests_consumer_idx').on(t.pilotId, t.consumerOrgId, t.resourceId),
    index('sharing_requests_provider_idx').on(t.pilotId, t.providerOrgId, t.status),
    // one open request per department and resource
    uniqueIndex('sharing_requests_open_uq')
      .on(t.pilotId, t.resourceId, t.consumerOrgId)
      .where(sql`status = 'requested'`),
  ],
);

/** API keys of consuming systems: stored as a hash, shown once. */
export const apiKeys = pgTable(
  'api_keys',
  {
    pilotId: uuid('pilot_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    name: text('name').notNull(),
    prefix: varchar('prefix', { length: 16 }).notNull(),
    tokenHash: varchar('token_hash', { length: 64 }).notNull(),
    resourceIds: jsonb('resource_ids').$type<string[]>().notNull(),
    expiresOn: date('expires_on').notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.pilotId, t.id] }),
    uniqueIndex('api_keys_token_uq').on(t.pilotId, t.tokenHash),
    // a bearer token is looked up before its pilot is known
    index('api_keys_token_idx').on(t.tokenHash),
    index('api_keys_org_idx').on(t.pilotId, t.organisationId),
  ],
);

/** Who called for a resource's data, and when: a metered call, a read of personal information. */
const dataCall = () => ({
  pilotId: uuid('pilot_id').notNull(),
  id: uuid('id').notNull().defaultRandom(),
  at: timestamp('at', { withTimezone: true }).notNull(),
  organisationId: uuid('organisation_id').notNull(),
  /** the signed-in user, or null for a call with an API key */
  userId: uuid('user_id'),
  apiKeyId: uuid('api_key_id'),
  resourceId: uuid('resource_id').notNull(),
});

/** 计量: every data call, flushed in batches (a crash loses at most the last second). */
export const platformUsage = pgTable(
  'platform_usage',
  {
    ...dataCall(),
    operation: text('operation').notNull(),
    rows: integer('rows').notNull(),
    bytes: integer('bytes').notNull(),
    status: integer('status').notNull(),
    latencyMs: doublePrecision('latency_ms').notNull(),
  },
  (t) => [primaryKey({ columns: [t.pilotId, t.id, t.at] }), index('platform_usage_resource_idx').on(t.pilotId, t.resourceId, t.at)],
);

/**
 * 变更订阅: a consuming department's webhook on a resource's changes. Its deliveries go in order, one at a time, by
 * whichever instance holds its lease (`claimedUntil`); a dead endpoint holds only its own subscription.
 */
export const platformSubscriptions = pgTable(
  'platform_subscriptions',
  {
    pilotId: uuid('pilot_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    resourceId: uuid('resource_id').notNull(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    url: text('url').notNull(),
    /** the HMAC-SM3 key, shown once at creation; the receiver verifies each delivery with it */
    secret: varchar('secret', { length: 64 }).notNull(),
    status: text('status').$type<SubscriptionStatus>().notNull().default('active'),
    version: integer('version').notNull().default(1),
    /** consecutive failed attempts; the subscription pauses at the configured threshold */
    failures: integer('failures').notNull().default(0),
    pausedAt: timestamp('paused_at', { withTimezone: true }),
    claimedBy: text('claimed_by'),
    claimedUntil: timestamp('claimed_until', { withTimezone: true }),
    createdBy: uuid('created_by').notNull(),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.pilotId, t.id] }),
    // the lifecycle engine locks and moves a record by its id
    index('platform_subscriptions_id_idx').on(t.id),
    index('platform_subscriptions_resource_idx').on(t.pilotId, t.resourceId),
  ],
);

/** A change to a resource's records (a load or an incremental write), as subscribers are told of it. */
export const platformEvents = pgTable(
  'platform_events',
  {
    pilotId: uuid('pilot_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    resourceId: uuid('resource_id').notNull(),
    kind: text('kind').$type<'load' | 'write'>().notNull(),
    /** the load's id, or the incremental write's */
    sourceId: uuid('source_id').notNull(),
    /** keys added, updated or deleted (the first thousand; `keyCount` says how many) */
    keys: jsonb('keys').$type<string[]>().notNull(),
    keyCount: integer('key_count').notNull(),
    /** SM3 of the new content, hex: a load's file, a write's rows */
    digest: varchar('digest', { length: 64 }).notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.pilotId, t.id] })],
);

/** One event for one subscription: pending until its endpoint answered 2xx; every attempt counted. */
export const platformDeliveries = pgTable(
  'platform_deliveries',
  {
    pilotId: uuid('pilot_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    subscriptionId: uuid('subscription_id').notNull(),
    eventId: uuid('event_id').notNull(),
    /** order within the subscription: deliveries go in this order */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    status: text('status').$type<'pending' | 'delivered'>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAt: timestamp('next_at', { withTimezone: true }).notNull(),
    lastStatus: integer('last_status'),
    lastError: text('last_error'),
    latencyMs: doublePrecision('latency_ms'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.pilotId, t.id, t.createdAt] }),
    index('platform_deliveries_queue_idx')
      .on(t.pilotId, t.subscriptionId, t.seq)
      .where(sql`status = 'pending'`),
    index('platform_deliveries_history_idx').on(t.pilotId, t.subscriptionId, t.createdAt),
  ],
);

/** 个人信息访问记录: every read that returned personal information unmasked, with the grant's purpose. */
export const personalDataReads = pgTable(
  'personal_data_reads',
  {
    ...dataCall(),
    sharingRequestId: uuid('sharing_request_id'),
    purpose: text('purpose').notNull(),
    fields: jsonb('fields').$type<string[]>().notNull(),
    rows: integer('rows').notNull(),
  },
  (t) => [primaryKey({ columns: [t.pilotId, t.id, t.at] }), index('personal_data_reads_resource_idx').on(t.pilotId, t.resourceId, t.at)],
);
