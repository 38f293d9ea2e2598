import type {
  AcceptanceStatus,
  ActionViewT,
  Panel,
  PanelReview,
  AgreementContent,
  AgreementStatus,
  ApplicationStatus,
  ApplicationView,
  PilotStatus as PilotStatusT,
  Rubric,
  RatingRule,
  ReportContent as ReportContentT,
  ReportStatus,
  RectificationStatus,
} from '@smartcity/domain';
import type {
  auditVerifySchema,
  indicatorSystemSchema,
  personSchema,
  pilotDetailSchema,
  pilotListSchema,
  provinceSchema,
  publicPilotListSchema,
  IndicatorNode,
  PilotKind,
  PilotStatus,
  SectionDiff,
  TaskBookView,
  taskBookSummarySchema,
  verificationSchema,
} from '@smartcity/domain';

/** The parsed (output) type of a shared zod schema, without depending on zod here. */
export type Out<S> = S extends { _output: infer O } ? O : never;
/** The accepted (input) type of a shared zod schema: defaults may be left out. */
export type In<S> = S extends { _input: infer I } ? I : never;

export type { IndicatorNode, Organisation, Pilot, SessionInfo } from '@smartcity/domain';
export type PilotDetail = Out<typeof pilotDetailSchema>;
export type PilotList = Out<typeof pilotListSchema>;
export type Person = Out<typeof personSchema>;
export type Province = Out<typeof provinceSchema>;
export type PublicPilotList = Out<typeof publicPilotListSchema>;
export type IndicatorSystem = Out<typeof indicatorSystemSchema>;
export type AuditVerification = Out<typeof auditVerifySchema>;
export interface IndicatorTree {
  system: { id: string; code: string; name: string; version: string };
  items: IndicatorNode[];
}

/** Registry filters as they appear in the URL and the API query string. */
export interface PilotFilters {
  province?: string;
  batch?: number;
  kind?: PilotKind;
  status?: PilotStatus;
  q?: string;
}
export interface Items<T> {
  items: T[];
}

export type { TaskBookContent, TaskBookView, TaskIndicator, KeyProject, TaskBookStatus, SectionKey } from '@smartcity/domain';
export type TaskBookSummary = Out<typeof taskBookSummarySchema>;
export type TaskBookVerification = Out<typeof verificationSchema>;
export type TaskBookSection = TaskBookView['sections'][number];
/** One thing the organisation owes (any lifecycle); subjectType and subjectId say where it links. */
export interface Todo {
  kind: string;
  subjectType: string;
  subjectId: string | null;
  pilotId: string | null;
  pilotName: string;
  taskBookId: string | null;
  dueDate: string | null;
  overdue: boolean;
}
export interface TaskBookVersion {
  number: number;
  digest: string;
  createdAt: string;
  amendment: boolean;
}
export interface TaskBookDiff {
  sections: SectionDiff[];
}

// ——— 申报 · 年度报告 · 监督检查 · 验收 · 协议 (shapes of the server's presenters) ———

export type {
  ApplicationStatus,
  ApplicationView,
  CallStatus,
  CallView,
  ReportContent,
  ReportStatus,
  RectificationStatus,
  AcceptanceStatus,
  AgreementStatus,
  AgreementContent,
} from '@smartcity/domain';

export interface RankingItem {
  rank: number | null;
  applicationId: string;
  name: string;
  organisationName: string;
  provinceCode: string;
  provinceName: string;
  status: ApplicationStatus;
  scores: number;
  mean: number | null;
  spread: number | null;
  totals: number[];
}
export interface Ranking {
  call: { id: string; year: number; title: string; scaleMax: number };
  items: RankingItem[];
}

export interface ApplicationSummary {
  id: string;
  callId: string;
  callYear: number;
  organisationId: string;
  organisationName: string;
  provinceCode: string;
  provinceName: string;
  name: string;
  kind: ApplicationView['kind'];
  status: ApplicationStatus;
  version: number;
  pilotId: string | null;
  updatedAt: string;
}
export interface HistoryEntry {
  action: string;
  reason: string | null;
  byName: string;
  at: string;
}
export type ApplicationDetail = ApplicationView & { history?: HistoryEntry[] };

/** The expert panel (综合评审, 验收) as the server presents it: see panelSchema in the domain. */
export type ExpertReview = PanelReview;
export type ExpertReviews = Panel & { rubric: Rubric };

export interface ReturnReason {
  text: string;
  byName: string;
  action: string;
}
export interface ReportSummary {
  id: string;
  pilot: { id: string; name: string; organisationName: string };
  province: { id: string; name: string };
  taskBookId: string;
  year: number;
  status: ReportStatus;
  version: number;
  dueDate: string;
  overdue: boolean;
  updatedAt: string;
}
export type ReportIndicator = ReportContentT['indicators'][number] & { returnReasons: ReturnReason[] };
export type ReportProject = ReportContentT['projects'][number] & { returnReasons: ReturnReason[] };
export interface FieldChangeView {
  path: string;
  before: unknown;
  after: unknown;
  text?: { op: string; text: string }[];
}
export interface ReportView extends ReportSummary {
  content: { indicators: ReportIndicator[]; projects: ReportProject[]; platform: string; narrative: string };
  returnReasons: ReturnReason[];
  problems: { item: string; code: string }[];
  changedSinceReturn: FieldChangeView[] | null;
  evidence: { id: string; filename: string }[];
  reviews: {
    action: string;
    reason: string | null;
    itemReasons: { item: string | null; text: string }[];
    byName: string;
    versionNumber: number;
    at: string;
  }[];
  actions: ActionViewT[];
  abilities: { edit: boolean; addEvidence: boolean };
}

export interface Finding {
  id: string;
  inspectionId: string;
  pilotId: string;
  title: string;
  description: string;
  rectificationDue: string | null;
  status: RectificationStatus | null;
  version: number;
  answer: string | null;
  closedOn: string | null;
  overdue: boolean;
  history: { action: string; reason: string | null; byName: string; at: string }[];
  actions: ActionViewT[];
  abilities: { addEvidence: boolean };
}
export interface InspectionSummary {
  id: string;
  pilot: { id: string; name: string };
  province: { id: string; name: string };
  inspectedOn: string;
  inspectors: string[];
  createdAt: string;
}
export interface InspectionView extends InspectionSummary {
  projectsChecked: string[];
  summary: string;
  findings: Finding[];
  abilities: { addFiles: boolean };
}

export interface RatingLineView {
  part: 'indicator' | 'project' | 'rectification';
  subject: string;
  value: number;
  points: number;
  note: string | null;
  text: string;
}
export interface RatingView {
  ruleVersion: string;
  score: number;
  stars: number;
  label: string;
  vetoes: string[];
  lines: RatingLineView[];
}
export interface RatingPreview extends RatingView {
  rule: RatingRule;
  basis: { taskBookId: string; taskBookVersion: number; reports: { year: number; status: string | null }[] };
}
export interface AcceptanceSummary {
  id: string;
  pilot: { id: string; name: string; provinceCode: string; provinceName: string; batchYear: number; status: PilotStatusT };
  taskBookId: string;
  status: AcceptanceStatus;
  version: number;
  stars: number | null;
  updatedAt: string;
}
export interface AcceptanceView extends AcceptanceSummary {
  selfAssessment: { narrative: string };
  rating: RatingView & { confirmed: boolean };
  panel: Panel;
  actions: ActionViewT[];
  abilities: { edit: boolean; assign: boolean; score: boolean };
}
export interface PublicRating {
  pilotId: string;
  publishedName: string;
  provinceName: string;
  batchYear: number;
  stars: number;
  ratingLabel: string;
  publishedOn: string;
}

export interface AgreementSummary {
  id: string;
  province: { code: string; name: string };
  government: { id: string; name: string };
  status: AgreementStatus;
  version: number;
  updatedAt: string;
}
export interface AgreementView extends AgreementSummary {
  content: AgreementContent;
  digest: string | null;
  signatures: { party: string; signerName: string; signerTitle: string; signedOn: string }[];
  actions: ActionViewT[];
  abilities: { edit: boolean; sign: boolean };
}

export interface NotificationItem {
  id: string;
  kind: string;
  subjectType: string;
  subjectId: string;
  title: string;
  createdAt: string;
  readAt: string | null;
}
export interface NotificationList {
  items: NotificationItem[];
  unread: number;
}
