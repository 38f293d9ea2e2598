import {
  bigint,
  boolean,
  customType,
  date,
  doublePrecision,
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
import type {
  OrganisationStatus,
  AcceptanceStatus,
  AgreementContent,
  AgreementStatus,
  AmendmentType,
  ApplicationStatus,
  CallStatus,
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
    /** where the outbox sends notifications, when SMTP is configured */
    email: text('email'),
    disabled: boolean('disabled').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index('users_organisation_idx').on(t.organisationId)],
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
export const auditLog = pgTable(
  'audit_log',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
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
    index('audit_target_idx').on(t.targetType, t.targetId),
    index('audit_org_idx').on(t.organisationId),
    uniqueIndex('audit_chain_uq').on(t.chain, t.chainSeq),
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
    amendmentId: uuid('amendment_id'),
    createdAt: createdAt(),
    createdBy: uuid('created_by'),
  },
  (t) => [uniqueIndex('task_book_versions_uq').on(t.taskBookId, t.number)],
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
  (t) => [uniqueIndex('annual_reports_pilot_year_uq').on(t.pilotId, t.year)],
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
