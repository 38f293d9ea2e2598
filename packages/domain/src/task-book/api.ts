import { z } from 'zod';
import { longText } from '../text.js';
import { AMENDMENT_TYPES, TASK_BOOK_STATUSES, taskBookLifecycle } from './task-book.lifecycle.js';
import { transitionRequestOf } from '../lifecycle/request.js';
import { SIGNING_PARTIES } from './sections.js';
import { actionViewSchema } from '../lifecycle/action-view.js';

// Request and response schemas of the task-book API (the web forms use the same ones).

const sectionNumber = z.coerce.number().int().min(1).max(8);
export const sectionParams = z.strictObject({ id: z.uuid(), n: sectionNumber });

export const sectionReasonSchema = z.strictObject({
  section: z.number().int().min(1).max(8).nullable(),
  text: longText(2000).pipe(z.string().trim().min(1)),
});
// amend has its own route (with the amendment's type)
export const taskBookTransitionSchema = transitionRequestOf(taskBookLifecycle, {
  except: ['amend'],
  extra: { sectionReasons: z.array(sectionReasonSchema).max(20).optional() },
});
/** A signature is the account's (name and 职务 from the user record), confirmed by entering the password again. */
export const signatureRequestSchema = z.strictObject({ password: z.string().min(1).max(256) });
export type SignatureRequest = z.infer<typeof signatureRequestSchema>;
export const amendmentRequestSchema = z.strictObject({
  type: z.enum(AMENDMENT_TYPES),
  reason: longText(2000).pipe(z.string().trim().min(1)),
});

const versionRef = z.union([z.literal('draft'), z.coerce.number().int().min(1).max(10_000)]);
export const diffQuery = z.strictObject({ from: versionRef, to: versionRef });
export const taskBookListQuery = z.strictObject({ status: z.enum(TASK_BOOK_STATUSES).optional(), pilot: z.uuid().optional() });

const problemSchema = z.object({ section: z.number(), code: z.string(), subject: z.string().optional() });
const reviewSchema = z.object({
  action: z.string(),
  reason: z.string().nullable(),
  sectionReasons: z.array(z.object({ section: z.number().nullable(), text: z.string() })),
  byName: z.string(),
  versionNumber: z.number(),
  at: z.string(),
});
const signatureSchema = z.object({
  party: z.enum(SIGNING_PARTIES),
  signerName: z.string(),
  signerTitle: z.string(),
  signedOn: z.string(),
  versionNumber: z.number(),
});

export const taskBookSummarySchema = z.object({
  id: z.uuid(),
  pilot: z.object({ id: z.uuid(), name: z.string(), organisationName: z.string() }),
  province: z.object({ id: z.uuid(), name: z.string() }),
  batch: z.object({ year: z.number(), name: z.string(), deadline: z.string().nullable() }),
  deadlineExtendedTo: z.string().nullable(),
  status: z.enum(TASK_BOOK_STATUSES),
  version: z.number(),
  currentVersion: z.number(),
  updatedAt: z.string(),
});

export const taskBookSchema = taskBookSummarySchema.extend({
  sections: z.array(
    z.object({
      n: z.number(),
      key: z.string(),
      heading: z.string(),
      content: z.unknown(),
      version: z.number(),
      returnReasons: z.array(z.object({ text: z.string(), byName: z.string(), action: z.string() })),
      /** under review again after a return: this section differs from the returned version */
      changedSinceReturn: z.boolean(),
    }),
  ),
  /** under review again after a return: the version that was returned (sections say what changed since), else null */
  returnedVersion: z.number().nullable(),
  requiredIndicatorCodes: z.array(z.string()),
  completeness: z.array(problemSchema),
  reviews: z.array(reviewSchema),
  signatures: z.array(signatureSchema),
  openAmendment: z.object({ type: z.enum(AMENDMENT_TYPES), reason: z.string(), fromVersion: z.number() }).nullable(),
  actions: z.array(actionViewSchema),
  abilities: z.object({ editSections: z.boolean(), sign: z.boolean(), amend: z.boolean(), grantExtension: z.boolean() }),
});
export type TaskBookView = z.infer<typeof taskBookSchema>;

export const verificationSchema = z.object({
  ok: z.boolean(),
  signed: z.boolean(),
  versions: z.array(
    z.object({
      number: z.number(),
      digestOk: z.boolean(),
      signatures: z.array(z.object({ party: z.string(), signerName: z.string(), signedOn: z.string(), ok: z.boolean() })),
    }),
  ),
});

/** Attachments of a task book: the revised 实施方案 and others. */
export const ATTACHMENT_KINDS = ['implementationPlan', 'developmentOutline', 'financingPlan', 'other'] as const;
export const ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024;
export const attachmentSchema = z.object({
  id: z.uuid(),
  kind: z.string(),
  filename: z.string(),
  mediaType: z.string(),
  size: z.number(),
  sm3: z.string(),
  createdAt: z.string(),
});

export const taskBookVersionsSchema = z.object({
  items: z.array(z.object({ number: z.number(), digest: z.string(), createdAt: z.string(), amendment: z.boolean() })),
});

/** Per signature, what a third party needs to verify it with OpenSSL 3 alone (docs/signatures.md). */
export const signatureEvidenceSchema = z.object({
  items: z.array(
    z.object({
      versionNumber: z.number().int(),
      party: z.string(),
      organisationId: z.string(),
      signerName: z.string(),
      signerTitle: z.string(),
      signedOn: z.string(),
      digest: z.string(),
      /** the encoding of the signed fields: smartcity-signature/2 (canonical JSON) or /1 (legacy '|' layout) */
      format: z.string(),
      algorithm: z.string(),
      /** the SM2 user ID (distid) */
      userId: z.string(),
      /** the exact signed message, UTF-8 */
      message: z.string(),
      /** base64 of the DER signature */
      signatureDer: z.string(),
      publicKeyPem: z.string(),
      /** SM3 of the public key's DER (SubjectPublicKeyInfo) */
      publicKeyFingerprint: z.string(),
      keyNo: z.number().int(),
      /** the audit entry that pins the key (GET /api/public/keys); null: not pinned, not trusted */
      keyPinnedAtSeq: z.number().int().nullable(),
    }),
  ),
});
