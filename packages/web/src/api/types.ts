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
type Out<S> = S extends { _output: infer O } ? O : never;

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
export interface Todo {
  kind: 'startTaskBook' | 'draftTaskBook' | 'reviewTaskBook' | 'signTaskBook';
  pilotId: string;
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
