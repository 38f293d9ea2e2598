import { ORGANISATION_STATUSES } from '../organisation.js';
import { z } from 'zod';
import { MIN_EXPERTS } from './expert-panel.js';
import type { Lifecycle } from '../lifecycle/engine.js';
import { PILOT_KINDS } from '../pilot.js';
import { divisionCode, longText, text } from '../text.js';
import { APPLICATION_ATTACHMENTS, DECLARATIONS } from './call.js';
import { actionViewSchema } from '../lifecycle/action-view.js';

/**
 * 申报: the applicant government drafts and submits to its province; the province's 初审 forwards (within its
 * quota, with a review report), returns or rejects; the Ministry's 综合评审 has experts score it, then designates
 * (which creates the pilot) or declines.
 */
export const APPLICATION_STATUSES = ['draft', 'provinceReview', 'expertReview', 'designated', 'declined', 'rejected'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];
export type ApplicationAction = 'submit' | 'forward' | 'return' | 'reject' | 'designate' | 'decline';

export interface ApplicationGuardContext {
  windowOpen: boolean;
  declarationsComplete: boolean;
  attachmentsMissing: number;
  /** forwards the province may still make in this call */
  quotaLeft: number;
  submittedScores: number;
}

export const applicationLifecycle: Lifecycle<ApplicationStatus, ApplicationAction, ApplicationGuardContext> = {
  name: 'application',
  initial: 'draft',
  states: {
    draft: { editableBy: ['applicant'], todo: 'draftApplication' },
    provinceReview: { editableBy: [], todo: 'reviewApplication' },
    expertReview: { editableBy: [], todo: 'decideApplication' },
    designated: { editableBy: [], final: true },
    declined: { editableBy: [], final: true },
    rejected: { editableBy: [], final: true },
  },
  actions: {
    submit: {
      kind: 'submit',
      from: ['draft'],
      to: 'provinceReview',
      by: ['applicant'],
      roles: ['editor', 'admin'],
      notifies: ['supervisor'],
      guard: (c) =>
        !c.windowOpen
          ? 'windowClosed'
          : !c.declarationsComplete
            ? 'declarationsMissing'
            : c.attachmentsMissing > 0
              ? 'attachmentsMissing'
              : null,
    },
    forward: {
      kind: 'approve',
      from: ['provinceReview'],
      to: 'expertReview',
      by: ['province'],
      roles: ['reviewer', 'admin'],
      notifies: ['ministry'],
      needsReason: true, // the 初审 review report
      guard: (c) => (c.quotaLeft <= 0 ? 'quotaExceeded' : null),
    },
    return: {
      kind: 'return',
      from: ['provinceReview'],
      to: 'draft',
      by: ['province'],
      roles: ['reviewer', 'admin'],
      notifies: ['owner'],
      needsReason: true,
    },
    reject: {
      kind: 'reject',
      from: ['provinceReview'],
      to: 'rejected',
      by: ['province'],
      roles: ['reviewer', 'admin'],
      notifies: ['owner'],
      needsReason: true,
    },
    designate: {
      kind: 'decide',
      from: ['expertReview'],
      to: 'designated',
      by: ['ministry'],
      roles: ['admin'],
      notifies: ['owner'],
      guard: (c) => (c.submittedScores < MIN_EXPERTS ? 'notEnoughScores' : null),
    },
    decline: {
      kind: 'reject',
      from: ['expertReview'],
      to: 'declined',
      by: ['ministry'],
      roles: ['admin'],
      notifies: ['owner'],
      needsReason: true,
    },
  },
};

export const applicationInputSchema = z.strictObject({
  name: text(60),
  kind: z.enum(PILOT_KINDS),
  adminCode: divisionCode.nullable(),
  summary: longText(5000),
  declarations: z.strictObject(
    Object.fromEntries(DECLARATIONS.map((d) => [d, z.boolean()])) as Record<(typeof DECLARATIONS)[number], z.ZodBoolean>,
  ),
  contact: z.strictObject({ name: text(50, 0), phone: text(40, 0) }),
});
export type ApplicationInput = z.infer<typeof applicationInputSchema>;

/** 申报城市 registers itself under its province (GB/T 2260 code), with its first administrator. */
/**
 * 申报城市注册. The first user's username is assigned (`appl-<division code>.admin`), not chosen: a registration can
 * then never say whether some username exists.
 */
export const applicantRegistrationSchema = z.strictObject({
  organisationName: text(60),
  provinceCode: divisionCode,
  adminCode: divisionCode.nullable(),
  displayName: text(64),
  password: z.string().min(10).max(256),
});

/** A self-registered applicant government as its province sees it while deciding on it. */
export const applicantSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  provinceCode: z.string().nullable(),
  status: z.enum(ORGANISATION_STATUSES),
  registeredAt: z.string(),
});
export const applicantListQuery = z.strictObject({ status: z.enum(ORGANISATION_STATUSES).optional() });
/** The province approves a registration (the applicant may then act) or refuses it, saying why. */
export const applicantDecisionSchema = z.discriminatedUnion('decision', [
  z.strictObject({ decision: z.literal('approve') }),
  z.strictObject({ decision: z.literal('refuse'), reason: longText(2000).pipe(z.string().trim().min(1)) }),
]);

export const scoreInputSchema = z.strictObject({
  scores: z.record(z.string(), z.number().min(0)),
  comment: longText(5000),
});
/** A draft of the score sheet: any criteria so far (each within the scale when given), saved until submitted. */
export const scoreDraftSchema = z.strictObject({
  scores: z.record(z.string(), z.number().min(0)),
  comment: longText(5000).default(''),
});

export const applicationSchema = z.object({
  id: z.uuid(),
  callId: z.uuid(),
  callYear: z.number(),
  organisationId: z.uuid(),
  organisationName: z.string(),
  provinceCode: z.string(),
  provinceName: z.string(),
  supervisorName: z.string(),
  name: z.string(),
  kind: z.enum(PILOT_KINDS),
  adminCode: z.string().nullable(),
  summary: z.string(),
  declarations: z.record(z.string(), z.boolean()),
  /** the applicant's contact person; null for experts, who see what scoring needs and no more */
  contact: z.object({ name: z.string(), phone: z.string() }).nullable(),
  status: z.enum(APPLICATION_STATUSES),
  version: z.number(),
  provinceReport: z.string().nullable(),
  decisionReason: z.string().nullable(),
  pilotId: z.uuid().nullable(),
  attachments: z.array(z.object({ id: z.uuid(), kind: z.string(), filename: z.string(), size: z.number(), sm3: z.string() })),
  missingAttachments: z.array(z.enum(APPLICATION_ATTACHMENTS)),
  actions: z.array(actionViewSchema),
  abilities: z.object({ edit: z.boolean(), assign: z.boolean(), score: z.boolean() }),
});
/** The application as the API shows it, with the decisions so far (报送, 初审, 综合评审) and their reasons, newest first. */
export const applicationDetailSchema = applicationSchema.extend({
  history: z.array(z.object({ action: z.string(), reason: z.string().nullable(), byName: z.string(), at: z.string() })),
});
export type ApplicationDetail = z.infer<typeof applicationDetailSchema>;

export type ApplicationView = z.infer<typeof applicationSchema>;

/** An application in lists. */
export const applicationListQuery = z.strictObject({ call: z.uuid().optional(), status: z.enum(APPLICATION_STATUSES).optional() });

export const applicationSummarySchema = z.object({
  id: z.uuid(),
  callId: z.uuid(),
  callYear: z.number(),
  organisationId: z.uuid(),
  organisationName: z.string(),
  provinceCode: z.string(),
  provinceName: z.string(),
  name: z.string(),
  kind: z.enum(PILOT_KINDS),
  status: z.enum(APPLICATION_STATUSES),
  version: z.number(),
  pilotId: z.uuid().nullable(),
  updatedAt: z.string(),
});

/** 综合评审 ranking of a call's recommended applications (mean of the experts' weighted totals, spread). */
export const rankingSchema = z.object({
  call: z.object({ id: z.uuid(), year: z.number(), title: z.string(), scaleMax: z.number() }),
  items: z.array(
    z.object({
      rank: z.number().nullable(),
      applicationId: z.uuid(),
      name: z.string(),
      organisationName: z.string(),
      provinceCode: z.string(),
      provinceName: z.string(),
      status: z.enum(APPLICATION_STATUSES),
      scores: z.number(),
      mean: z.number().nullable(),
      spread: z.number().nullable(),
      totals: z.array(z.number()),
    }),
  ),
});
