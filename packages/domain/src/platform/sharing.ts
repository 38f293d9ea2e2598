import { z } from 'zod';
import type { Lifecycle } from '../lifecycle/engine.js';
import { actionViewSchema } from '../lifecycle/action-view.js';
import { transitionRequestOf } from '../lifecycle/request.js';
import { programmeDate } from '../numbers.js';
import { longText, text } from '../text.js';
import { fieldName } from './catalog.js';

/*
 * 共享申请: a department asks for a 有条件共享 resource (purpose, fields, period); the provider approves with a scope
 * (fields, a row filter, an expiry) or refuses with a reason. An approved request is the grant every query checks;
 * unanswered for ten working days it escalates to the platform administrator (the pilot government's administrators),
 * who may then decide in the provider's place.
 */

/** Working days a provider has to answer before the request escalates. */
export const SHARING_ANSWER_WORKING_DAYS = 10;

export const SHARING_STATUSES = ['requested', 'approved', 'refused', 'withdrawn', 'revoked'] as const;
export type SharingStatus = (typeof SHARING_STATUSES)[number];
export type SharingAction = 'approve' | 'refuse' | 'withdraw' | 'revoke';
/** The actor's party to a request. */
export type SharingParty = 'provider' | 'consumer' | 'platformAdmin';

/** the provider decides; the platform administrator (pilot government) too, once the request has escalated */
const deciders = { department: ['provider'], pilot: ['platformAdmin'] };
export const sharingLifecycle: Lifecycle<SharingStatus, SharingAction> = {
  name: 'sharingRequest',
  initial: 'requested',
  states: {
    requested: { editableBy: [], todo: 'decideSharingRequest' },
    approved: { editableBy: [] },
    refused: { editableBy: [], final: true },
    withdrawn: { editableBy: [], final: true },
    revoked: { editableBy: [], final: true },
  },
  actions: {
    approve: {
      kind: 'approve',
      from: ['requested'],
      to: 'approved',
      by: ['department', 'pilot'],
      parties: deciders,
      roles: ['reviewer', 'admin'],
      notifies: ['owner'],
    },
    refuse: {
      kind: 'reject',
      from: ['requested'],
      to: 'refused',
      by: ['department', 'pilot'],
      parties: deciders,
      roles: ['reviewer', 'admin'],
      notifies: ['owner'],
      needsReason: true,
    },
    withdraw: {
      kind: 'manage',
      from: ['requested'],
      to: 'withdrawn',
      by: ['department'],
      parties: { department: ['consumer'] },
      roles: ['editor', 'admin'],
      notifies: ['supervisor'],
    },
    revoke: {
      kind: 'reject',
      from: ['approved'],
      to: 'revoked',
      by: ['department', 'pilot'],
      parties: deciders,
      roles: ['reviewer', 'admin'],
      notifies: ['owner'],
      needsReason: true,
    },
  },
};

/** 行过滤: the rows a grant covers, as equalities (or one of several values) on fields. */
export const rowFilterSchema = z
  .array(
    z.strictObject({
      field: fieldName,
      values: z
        .array(z.union([z.string().max(200), z.number()]))
        .min(1)
        .max(50),
    }),
  )
  .max(10);
export type RowFilter = z.infer<typeof rowFilterSchema>;

export const sharingRequestCreateSchema = z.strictObject({
  purpose: longText(1000).pipe(z.string().trim().min(1)),
  fields: z.array(fieldName).min(1).max(100),
  /** the end of the period the data is needed for */
  until: programmeDate(),
});

/** approve: the fields granted (a subset of those asked), the rows, and the expiry; refuse and revoke: a reason. */
export const sharingTransitionSchema = transitionRequestOf(sharingLifecycle, {
  extra: {
    fields: z.array(fieldName).min(1).max(100).optional(),
    rowFilter: rowFilterSchema.optional(),
    expiresOn: programmeDate().optional(),
  },
});

export const sharingRequestSchema = z.object({
  id: z.uuid(),
  status: z.enum(SHARING_STATUSES),
  version: z.number().int(),
  resource: z.object({ id: z.uuid(), code: z.string(), name: z.string() }),
  consumer: z.object({ id: z.uuid(), name: z.string() }),
  provider: z.object({ id: z.uuid(), name: z.string() }),
  purpose: z.string(),
  fields: z.array(z.string()),
  until: z.string(),
  requestedAt: z.string(),
  /** the last day the provider answers in, ten working days on */
  dueOn: z.string(),
  escalated: z.boolean(),
  grantedFields: z.array(z.string()).nullable(),
  rowFilter: rowFilterSchema.nullable(),
  expiresOn: z.string().nullable(),
  /** an approved grant that has not expired: what queries check */
  live: z.boolean(),
  decisionReason: z.string().nullable(),
  decidedAt: z.string().nullable(),
  actions: z.array(actionViewSchema),
});
export type SharingRequestView = z.infer<typeof sharingRequestSchema>;

export const sharingListQuery = z.strictObject({
  /** as the consumer (asked by the reader's department), the provider, or both */
  side: z.enum(['consumer', 'provider', 'all']).default('all'),
  status: z.enum(SHARING_STATUSES).optional(),
  resource: z.uuid().optional(),
  escalated: z.enum(['true', 'false']).optional(),
});
export const sharingListSchema = z.object({ items: z.array(sharingRequestSchema) });

/** API keys: a consuming system's credential, scoped to resources its department may read. */
export const apiKeyCreateSchema = z.strictObject({
  name: text(64),
  resourceIds: z.array(z.uuid()).min(1).max(100),
  expiresOn: programmeDate(),
});
export const apiKeySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  /** the first characters of the key, to tell keys apart */
  prefix: z.string(),
  resourceIds: z.array(z.uuid()),
  expiresOn: z.string(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  createdAt: z.string(),
});
export const apiKeyCreatedSchema = apiKeySchema.extend({ token: z.string() });
export const apiKeyListSchema = z.object({ items: z.array(apiKeySchema) });
