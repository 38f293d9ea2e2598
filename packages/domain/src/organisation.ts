import { z } from 'zod';
import { text, uuid } from './text.js';

/**
 * Organisation types and the tier each belongs to (SPEC §1).
 * The tier decides which rows exist for a user (tenancy); roles decide what they may do there.
 */
export const ORGANISATION_TYPES = [
  'ministry', // 住房和城乡建设部 — 甲方
  'provinceDept', // 省级住房城乡建设主管部门（含计划单列市、新疆生产建设兵团）— 丙方
  'provinceGov', // 省级人民政府 — signs the co-promotion agreement
  'pilotGov', // 试点城市（区、镇）人民政府 — 乙方
  'expertCommittee', // 专家委员会
  'applicantGov', // 申报城市（区、镇）人民政府 — becomes a pilot government when designated
  'department', // 委办局: a department of a pilot government, on its city public information platform (parent: the pilot government)
] as const;
export type OrganisationType = (typeof ORGANISATION_TYPES)[number];

export const TIERS = ['ministry', 'province', 'provincialGovernment', 'pilot', 'expert', 'applicant', 'department'] as const;
export type Tier = (typeof TIERS)[number];

export const TIER_OF: Record<OrganisationType, Tier> = {
  ministry: 'ministry',
  provinceDept: 'province',
  provinceGov: 'provincialGovernment',
  pilotGov: 'pilot',
  expertCommittee: 'expert',
  applicantGov: 'applicant',
  department: 'department',
};

export const ROLES = ['viewer', 'editor', 'reviewer', 'signatory', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const organisationSchema = z.object({
  id: uuid,
  type: z.enum(ORGANISATION_TYPES),
  tier: z.enum(TIERS),
  code: z.string(),
  name: z.string(),
  provinceCode: z.string().nullable(),
  parentId: z.string().nullable(),
});
export type Organisation = z.infer<typeof organisationSchema>;

export const organisationListQuery = z.strictObject({
  type: z.enum(ORGANISATION_TYPES).optional(),
  province: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
  /** the name or code holds this (as the organisations page's search box) */
  q: text(50).optional(),
});
export type OrganisationListQuery = z.infer<typeof organisationListQuery>;

export const personSchema = z.object({
  id: uuid,
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.enum(ROLES)),
});

export const username = z
  .string()
  .trim()
  .min(3)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._-]*$/);
export const password = z.string().min(8).max(256);

export const newUserSchema = z.strictObject({
  username,
  displayName: text(64),
  organisationCode: text(64),
  roles: z.array(z.enum(ROLES)).min(1),
  email: z.email().max(200).optional(),
  password,
});

/** Whether an organisation may act: a self-registered applicant waits for its province ('pending') or was refused. */
export const ORGANISATION_STATUSES = ['active', 'pending', 'refused'] as const;
export type OrganisationStatus = (typeof ORGANISATION_STATUSES)[number];
