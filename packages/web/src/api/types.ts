import type { Panel, PanelReview, Rubric } from '@smartcity/domain';
import type {
  batchSchema,
  applicationSummarySchema,
  applicantSchema,
  notificationListSchema,
  rankingSchema,
  taskBookVersionsSchema,
  acceptanceSchema,
  acceptanceSummarySchema,
  agreementSchema,
  agreementSummarySchema,
  findingSchema,
  inspectionSchema,
  inspectionSummarySchema,
  publicRatingSchema,
  ratingPreviewSchema,
  ratingRuleViewSchema,
  ratingViewSchema,
  reportSchema,
  reportListSchema,
  reportSummarySchema,
  auditVerifySchema,
  auditEventListSchema,
  indicatorSystemSchema,
  personSchema,
  pilotDetailSchema,
  pilotListSchema,
  provinceSchema,
  publicPilotListSchema,
  indicatorTreeSchema,
  pilotListQuery,
  taskBookDiffSchema,
  applicationDetailSchema,
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
export type Applicant = Out<typeof applicantSchema>;
export type PilotList = Out<typeof pilotListSchema>;
export type Person = Out<typeof personSchema>;
export type Province = Out<typeof provinceSchema>;
export type PublicPilotList = Out<typeof publicPilotListSchema>;
export type Batch = Out<typeof batchSchema>;
export type IndicatorSystem = Out<typeof indicatorSystemSchema>;
export type AuditVerification = Out<typeof auditVerifySchema>;
export type AuditEventList = Out<typeof auditEventListSchema>;
export type IndicatorTree = Out<typeof indicatorTreeSchema>;

/** Registry filters as they appear in the URL and the API query string (the list query without its paging). */
export type PilotFilters = Omit<Partial<Out<typeof pilotListQuery>>, 'page' | 'pageSize'>;
/** Every list the API sends is `{ items }` (paged lists add their totals to it). */
export interface Items<T> {
  items: T[];
}

export type { TaskBookContent, TaskBookView, TaskIndicator, KeyProject, TaskBookStatus, SectionKey } from '@smartcity/domain';
export type TaskBookSummary = Out<typeof taskBookSummarySchema>;
export type TaskBookVerification = Out<typeof verificationSchema>;
export type TaskBookSection = TaskBookView['sections'][number];
export type { Todo, TodoList } from '@smartcity/domain';
export type TaskBookVersion = Out<typeof taskBookVersionsSchema>['items'][number];
export type TaskBookDiff = Out<typeof taskBookDiffSchema>;

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

export type Ranking = Out<typeof rankingSchema>;
export type RankingItem = Ranking['items'][number];
export type ApplicationSummary = Out<typeof applicationSummarySchema>;
export type ApplicationDetail = Out<typeof applicationDetailSchema>;

/** The expert panel (综合评审, 验收) as the server presents it: see panelSchema in the domain. */
export type ExpertReview = PanelReview;
export type ExpertReviews = Panel & { rubric: Rubric };

// The annual reports', inspections', acceptances' and agreements' shapes come from their schemas in the domain,
// the same ones the server validates its responses with.
export type ReportSummary = Out<typeof reportSummarySchema>;
export type ReportList = Out<typeof reportListSchema>;
export type ReportView = Out<typeof reportSchema>;
export type ReturnReason = ReportView['returnReasons'][number];
export type ReportIndicator = ReportView['content']['indicators'][number];
export type ReportProject = ReportView['content']['projects'][number];
export type FieldChangeView = NonNullable<ReportView['changedSinceReturn']>[number];

export type Finding = Out<typeof findingSchema>;
export type InspectionSummary = Out<typeof inspectionSummarySchema>;
export type InspectionView = Out<typeof inspectionSchema>;

export type RatingView = Out<typeof ratingViewSchema>;
export type RatingLineView = RatingView['lines'][number];
export type RatingPreview = Out<typeof ratingPreviewSchema>;
export type RatingRuleView = Out<typeof ratingRuleViewSchema>;
export type AcceptanceSummary = Out<typeof acceptanceSummarySchema>;
export type AcceptanceView = Out<typeof acceptanceSchema>;
export type PublicRating = Out<typeof publicRatingSchema>;

export type AgreementSummary = Out<typeof agreementSummarySchema>;
export type AgreementView = Out<typeof agreementSchema>;

export type NotificationList = Out<typeof notificationListSchema>;
export type NotificationItem = NotificationList['items'][number];
