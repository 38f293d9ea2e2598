import { z } from 'zod';
import { organisationSchema, ROLES } from './organisation.js';
import { text, uuid } from './text.js';

export const signInSchema = z.strictObject({
  username: text(64),
  password: z.string().min(1).max(256),
});

export const sessionUserSchema = z.object({
  id: uuid,
  username: z.string(),
  displayName: z.string(),
  /** 职务: with the name, what the user's signatures say */
  title: z.string().nullable(),
});

export const sessionSchema = z.object({
  user: sessionUserSchema,
  organisation: organisationSchema,
  roles: z.array(z.enum(ROLES)),
  /** what the user may start (a "new …" button each); actions on records come with the records */
  can: z.object({
    createCall: z.boolean(),
    createAgreement: z.boolean(),
    recordInspection: z.boolean(),
    sendNotice: z.boolean(),
    apply: z.boolean(),
    startTaskBook: z.boolean(),
    startAnnualReport: z.boolean(),
    startAcceptance: z.boolean(),
    reviewApplicants: z.boolean(),
    approveApplicants: z.boolean(),
    manageUsers: z.boolean(),
    publishRatingRule: z.boolean(),
    /** a new batch's pilots from Excel */
    importPilots: z.boolean(),
    /** 城市公共信息平台: list a resource of the department's, manage its API keys, administer the pilot's platform */
    listResource: z.boolean(),
    manageApiKeys: z.boolean(),
    administerPlatform: z.boolean(),
  }),
  csrfToken: z.string(),
});
export type SessionInfo = z.infer<typeof sessionSchema>;
