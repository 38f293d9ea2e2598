import {
  actionsFor,
  agreementLifecycle,
  annualReportLifecycle,
  applicationLifecycle,
  pilotLifecycle,
  taskBookLifecycle,
  TIERS,
  type AgreementParty,
  type Lifecycle,
  type PilotStatus,
  type Role,
  type SharingClass,
  type SharingParty,
  type SigningParty,
  type Tier,
} from '@smartcity/domain';
import type { Actor } from './actor.js';

/*
 * Who may do what with a record the actor already sees, beyond the lifecycle's buttons (those are the tables':
 * `actionsFor`, `owes`): editing in a state, signing, the expert panel, files. Which records an actor sees at all is
 * scope.ts. Every tier and role comparison of the server stands here or in those two places (a lint rule keeps it so).
 */

const EDITORS: readonly Role[] = ['editor', 'admin'];
const REVIEWERS: readonly Role[] = ['reviewer', 'admin'];

const hasRole = (actor: Actor, roles: readonly Role[]) => actor.roles.some((r) => roles.includes(r));

/** A rule in the form of the routes' access config: one of these tiers with one of these roles. */
export interface Rule {
  tiers: readonly Tier[];
  roles: readonly Role[];
}
export const satisfies = (actor: Actor, rule: Rule) => rule.tiers.includes(actor.tier) && hasRole(actor, rule.roles);

/** Rules that are no lifecycle action; the routes that carry them name the same objects. */
export const RULES = {
  /** 通知公告: the Ministry and the province departments send notices, by their editors */
  sendNotice: { tiers: ['ministry', 'province'], roles: EDITORS },
  /** 专家评审: the Ministry's administrators assign and revoke experts */
  assignExperts: { tiers: ['ministry'], roles: ['admin'] },
  /** an expert scores what it is assigned */
  scoreAsExpert: { tiers: ['expert'], roles: ['reviewer'] },
  /** deadlines: the Ministry's reviewers and administrators grant extensions */
  grantExtension: { tiers: ['ministry'], roles: REVIEWERS },
  /** deadlines: the Ministry's and the provinces' reviewers remind pilots in their view of what they owe (催办) */
  remindOverdue: { tiers: ['ministry', 'province'], roles: REVIEWERS },
  /** deadlines: a supervising province's reviewers chase its pilots' overdue submissions */
  chaseOverdue: { tiers: ['province'], roles: REVIEWERS },
  /** the Ministry's administrators draft calls, agreements and rating rules */
  ministryAdmin: { tiers: ['ministry'], roles: ['admin'] },
  /** the province's reviewers record inspections */
  recordInspection: { tiers: ['province'], roles: REVIEWERS },
  /** the province's inspectors add an inspection's photos and files */
  inspector: { tiers: ['province'], roles: ['editor', 'reviewer', 'admin'] },
  /** a pilot's editors start its task book and its annual reports, and amend a signed task book */
  pilotEditor: { tiers: ['pilot'], roles: EDITORS },
  /** a pilot's administrators start its acceptance */
  pilotAdmin: { tiers: ['pilot'], roles: ['admin'] },
  /** the provinces (their own applicants) and the Ministry (all) see self-registered applicants */
  applicantReviewers: { tiers: ['province', 'ministry'], roles: ['viewer', 'editor', 'reviewer', 'admin'] },
  /** a province's administrators approve or refuse a registration in their province */
  approveApplicants: { tiers: ['province'], roles: ['admin'] },
  /** an applicant government's editors apply to an open call and edit their application */
  applicantEditor: { tiers: ['applicant'], roles: EDITORS },
  /** an organisation's administrators rotate its signing key */
  rotateOwnKey: { tiers: TIERS, roles: ['admin'] },
  /** 人员管理: an organisation's administrators add, disable and re-role its own people (never another's: scope.ts) */
  manageUsers: { tiers: TIERS, roles: ['admin'] },
  /** 城市公共信息平台: the catalog and platform health, for the pilot's government and departments, its provinces, the Ministry */
  platformReaders: {
    tiers: ['ministry', 'province', 'provincialGovernment', 'pilot', 'department'],
    roles: ['viewer', 'editor', 'reviewer', 'signatory', 'admin'],
  },
  /** a department's editors list its resources, load and write their records, and ask for others' */
  departmentEditor: { tiers: ['department'], roles: EDITORS },
  /** a department's people read the records they may (the resource's class and their grants decide which) */
  departmentReader: { tiers: ['department'], roles: ['viewer', 'editor', 'reviewer', 'signatory', 'admin'] },
  /** a department's administrators issue and revoke its systems' API keys */
  departmentAdmin: { tiers: ['department'], roles: ['admin'] },
  /** the platform administrator: the pilot government's administrators add departments and settle escalated requests */
  platformAdmin: { tiers: ['pilot'], roles: ['admin'] },
} as const satisfies Record<string, Rule>;

/** Content editing follows the lifecycle's `editableBy` for the state, for editors (and administrators). */
const editsIn = <S extends string>(lc: Lifecycle<S, string, never>, state: S, actor: Actor) =>
  lc.states[state].editableBy.includes(actor.tier) && hasRole(actor, EDITORS);

const ownPilot = (actor: Actor, pilotId: string) => actor.tier === 'pilot' && actor.pilotId === pilotId;

/** Which party of a task book (甲/乙/丙方) the actor's organisation is, if any. */
export function taskBookPartyOf(actor: Actor, book: { pilotId: string; supervisorOrgId: string }): SigningParty | null {
  if (actor.tier === 'ministry') return 'ministry';
  if (ownPilot(actor, book.pilotId)) return 'pilot';
  if (actor.tier === 'province' && actor.organisationId === book.supervisorOrgId) return 'province';
  return null;
}

/** 甲方 is the Ministry; 乙方 the provincial government the agreement names. */
export function agreementPartyOf(actor: Actor, agreement: { organisationId: string }): AgreementParty | null {
  if (actor.tier === 'ministry') return 'ministry';
  if (actor.tier === 'provincialGovernment' && actor.organisationId === agreement.organisationId) return 'provincialGovernment';
  return null;
}

/** A party's signatory signs once, while the document is out for signing. */
const maySign = (actor: Actor, party: string | null, signing: boolean, signedParties: readonly string[]) =>
  signing && party !== null && actor.roles.includes('signatory') && !signedParties.includes(party);

export function taskBookAbilities(
  actor: Actor,
  book: { pilotId: string; supervisorOrgId: string; status: keyof typeof taskBookLifecycle.states },
  signedParties: readonly SigningParty[],
) {
  const party = taskBookPartyOf(actor, book);
  return {
    editSections: editsIn(taskBookLifecycle, book.status, actor) && party === 'pilot',
    sign: maySign(actor, party, book.status === 'signing', signedParties),
    amend: book.status === 'signed' && party === 'pilot' && hasRole(actor, EDITORS),
    grantExtension: satisfies(actor, RULES.grantExtension),
  };
}

export function agreementAbilities(
  actor: Actor,
  agreement: { organisationId: string; status: keyof typeof agreementLifecycle.states },
  signedParties: readonly string[],
) {
  return {
    edit: editsIn(agreementLifecycle, agreement.status, actor),
    sign: maySign(actor, agreementPartyOf(actor, agreement), agreement.status === 'signing', signedParties),
  };
}

/** Only the pilot's own editors change its report (content and evidence), and only while it is a draft. */
export function reportAbilities(actor: Actor, report: { pilotId: string; status: keyof typeof annualReportLifecycle.states }) {
  const edit = editsIn(annualReportLifecycle, report.status, actor) && ownPilot(actor, report.pilotId);
  return { edit, addEvidence: edit };
}

/** The applicant's own editors change its application (and its files) while it is a draft. */
export const canEditApplication = (actor: Actor, head: { organisationId: string; status: keyof typeof applicationLifecycle.states }) =>
  editsIn(applicationLifecycle, head.status, actor) && actor.organisationId === head.organisationId;

/** The panel: the Ministry assigns while in 专家评审; an assigned expert scores once. `mine`: the actor's own assignment. */
export function panelAbilities(actor: Actor, status: string, mine: { submittedAt: Date | null } | null | undefined) {
  const inReview = status === 'expertReview';
  return {
    assign: inReview && satisfies(actor, RULES.assignExperts),
    score: inReview && satisfies(actor, RULES.scoreAsExpert) && mine != null && mine.submittedAt === null,
  };
}

export function applicationAbilities(
  actor: Actor,
  head: { organisationId: string; status: keyof typeof applicationLifecycle.states },
  myReview: { submittedAt: Date | null } | null,
) {
  return { edit: canEditApplication(actor, head), ...panelAbilities(actor, head.status, myReview) };
}

/** What an actor may do with an acceptance besides its buttons: the pilot's editors write the narrative while a draft. */
export function acceptanceAbilities(actor: Actor, a: { pilotId: string; status: string }, mine: { submittedAt: Date | null } | undefined) {
  return { edit: a.status === 'draft' && ownPilot(actor, a.pilotId) && hasRole(actor, EDITORS), ...panelAbilities(actor, a.status, mine) };
}

/** The inspecting province (the pilot's supervisor) records inspections and adds their photos and files at any time. */
export function inspectionAbilities(actor: Actor, inspection: { supervisorOrgId: string }) {
  return { addFiles: satisfies(actor, RULES.inspector) && actor.organisationId === inspection.supervisorOrgId };
}

/** The pilot adds rectification evidence while the rectification is open (before answering it). */
export function findingAbilities(actor: Actor, finding: { pilotId: string; status: string | null }) {
  return { addEvidence: finding.status === 'open' && ownPilot(actor, finding.pilotId) && hasRole(actor, EDITORS) };
}

/** Editing a pilot follows the lifecycle's editableBy for its state; its actions come from the table. */
/** The dashboard overdue list's bulk actions: extending deadlines, reminding pilots (the routes' own rules). */
export const overdueAbilities = (actor: Actor) => ({
  extend: satisfies(actor, RULES.grantExtension),
  remind: satisfies(actor, RULES.remindOverdue),
});
/** Whether an overdue first submission of a pilot in scope is on the actor's to-do list (escalation). */
export const chasesOverdue = (actor: Actor) => satisfies(actor, RULES.chaseOverdue);
/** Whether the actor may ask for a later deadline of its pilot's task book (the route's rule). */
export const requestsExtensions = (actor: Actor) => satisfies(actor, RULES.pilotEditor);

/**
 * 通知对象: the Ministry addresses any organisation or whole tiers; a province department only the public and the pilots
 * it supervises. The Ministry, overseeing the programme, also reads every notice the provinces publish.
 */
export const addressesAnyone = (actor: Actor) => actor.tier === 'ministry';
export const readsEveryNotice = (actor: Actor) => actor.tier === 'ministry';

export const pilotAbilities = (actor: Actor, status: PilotStatus) => ({ edit: editsIn(pilotLifecycle, status, actor) });
export const pilotActions = (actor: Actor, status: PilotStatus) => actionsFor(pilotLifecycle, status, actor, undefined);

/** Whether the actor signs anything at all (a cheap test before loading what waits for signatures). */
export const mayEverSign = (actor: Actor) => actor.roles.includes('signatory');

/** The panel of a subject is the Ministry's to see, and each assigned expert's (its own review until it closes). */
export const seesPanel = (actor: Actor, members: readonly { expertUserId: string }[]) =>
  actor.tier === 'ministry' || (actor.tier === 'expert' && members.some((m) => m.expertUserId === actor.userId));

/**
 * What the signed-in user may start (the session's `can`): the web shows a "new …" button by it, and the routes
 * that start these things carry the same rules.
 */
export const sessionAbilities = (actor: Actor) => ({
  createCall: satisfies(actor, RULES.ministryAdmin),
  createAgreement: satisfies(actor, RULES.ministryAdmin),
  recordInspection: satisfies(actor, RULES.recordInspection),
  sendNotice: satisfies(actor, RULES.sendNotice),
  apply: satisfies(actor, RULES.applicantEditor),
  startTaskBook: satisfies(actor, RULES.pilotEditor),
  startAnnualReport: satisfies(actor, RULES.pilotEditor),
  startAcceptance: satisfies(actor, RULES.pilotAdmin),
  /** the registrations page, and deciding on them */
  reviewApplicants: satisfies(actor, RULES.applicantReviewers),
  approveApplicants: satisfies(actor, RULES.approveApplicants),
  /** the people page */
  manageUsers: satisfies(actor, RULES.manageUsers),
  /** a new version of the acceptance rating rule */
  publishRatingRule: satisfies(actor, RULES.ministryAdmin),
  /** a new batch's pilots from Excel */
  importPilots: satisfies(actor, RULES.ministryAdmin),
  listResource: satisfies(actor, RULES.departmentEditor),
  manageApiKeys: satisfies(actor, RULES.departmentAdmin),
  administerPlatform: satisfies(actor, RULES.platformAdmin),
});

/** The pilot whose platform a department works on (it lists resources and issues keys there); null for other tiers. */
export const departmentPilotOf = (actor: Actor) => (actor.tier === 'department' ? actor.pilotId : null);

/** The pilot whose records are all the actor sees of any pilot's (its government's users); null for other tiers. */
export const ownPilotOf = (actor: Actor) => (actor.tier === 'pilot' ? actor.pilotId : null);

/** The pilot whose platform the actor administers (its government's administrators); null otherwise. */
export const administeredPlatformOf = (actor: Actor) => (satisfies(actor, RULES.platformAdmin) ? actor.pilotId : null);

/** Whether the actor reads a resource through a grant of its own (another department, a 有条件共享 resource). */
export const readsThroughGrant = (actor: Actor, r: { providerOrgId: string; sharingClass: SharingClass }) =>
  actor.tier === 'department' && r.sharingClass === 'conditional' && actor.organisationId !== r.providerOrgId;

/** The provider of a resource is the department that lists it. */
export const resourcePartyOf = (actor: Actor, r: { providerOrgId: string }) =>
  actor.tier === 'department' && actor.organisationId === r.providerOrgId ? 'provider' : null;

/**
 * A sharing request's parties: the provider decides, the consumer withdraws; once it has waited past its answer date
 * the platform administrator (its pilot government's administrators) may decide in the provider's place.
 */
export function sharingPartyOf(
  actor: Actor,
  req: { pilotId: string; providerOrgId: string; consumerOrgId: string; escalated: boolean },
): SharingParty | null {
  if (actor.tier === 'department' && actor.organisationId === req.providerOrgId) return 'provider';
  if (actor.tier === 'department' && actor.organisationId === req.consumerOrgId) return 'consumer';
  // the pilot government's people; the table says which roles decide (reviewers and administrators)
  if (req.escalated && actor.tier === 'pilot' && actor.pilotId === req.pilotId) return 'platformAdmin';
  return null;
}

/**
 * Who reads a resource's records: departments of its pilot only — the provider always, others a published
 * 无条件共享 resource, or a 有条件共享 one through a live grant; a 不予共享 resource no other department. The province
 * and the Ministry see the catalog, never the records (data stays with its city).
 */
export function recordAccess(
  actor: Actor,
  r: { pilotId: string; providerOrgId: string; status: string; sharingClass: SharingClass },
  liveGrant: boolean,
) {
  const department = actor.tier === 'department' && actor.pilotId === r.pilotId;
  const provider = department && actor.organisationId === r.providerOrgId;
  const published = r.status === 'published';
  const read =
    provider || (department && published && (r.sharingClass === 'unconditional' || (r.sharingClass === 'conditional' && liveGrant)));
  return {
    read,
    /** the provider loads and writes while the resource is not retired, by its editors */
    write: provider && r.status !== 'retired' && hasRole(actor, EDITORS),
    /** another department asks for a published 有条件共享 resource */
    request: department && !provider && published && r.sharingClass === 'conditional' && hasRole(actor, EDITORS),
    provider,
  };
}

/** An administrator keeps their own access: they neither disable themself nor drop their own admin role. */
export function ownAccountChange(actor: Actor, userId: string, change: { roles?: readonly Role[]; disabled?: boolean }): string | null {
  if (userId !== actor.userId) return null;
  if (change.disabled) return 'disabled';
  if (change.roles && !change.roles.includes('admin')) return 'roles';
  return null;
}

/** Contact people (names, phones) are for the parties that deal with a record, not for the experts who score it. */
export const seesContacts = (actor: Actor) => actor.tier !== 'expert';
