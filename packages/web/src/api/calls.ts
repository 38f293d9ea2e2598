import type { ApplicationInput, applicantRegistrationSchema, callInputSchema, panelAssignSchema, ReviewTask } from '@smartcity/domain';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request, upload } from './client';
import type { ApplicationDetail, In, ApplicationStatus, ApplicationSummary, CallView, ExpertReviews, Items, Ranking } from './types';

const CALLS = 'calls';
const APPS = 'applications';
const callPath = (id: string, rest = '') => `/api/calls/${encodeURIComponent(id)}${rest}`;
const appPath = (id: string, rest = '') => `/api/applications/${encodeURIComponent(id)}${rest}`;

export type CallInput = In<typeof callInputSchema>;
export type Registration = In<typeof applicantRegistrationSchema>;

// ——— 申报批次 ———

export function useCalls() {
  return useQuery({ queryKey: [CALLS, 'list'], queryFn: () => request<Items<CallView>>('/api/calls') });
}

export function useCall(id: string) {
  return useQuery({ queryKey: [CALLS, 'detail', id], queryFn: () => request<CallView>(callPath(id)) });
}

export function useCreateCall() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CallInput) => request<CallView>('/api/calls', { method: 'POST', body: input }),
    onSuccess: (call) => {
      queryClient.setQueryData([CALLS, 'detail', call.id], call);
      void queryClient.invalidateQueries({ queryKey: [CALLS, 'list'] });
    },
  });
}

/** 修改草稿批次: the whole call (the API takes it whole), against the version shown. */
export function useUpdateCall(call: Pick<CallView, 'id' | 'version'>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CallInput) =>
      request<CallView>(callPath(call.id), { method: 'PATCH', body: input, headers: { 'If-Match': `"${call.version}"` } }),
    onSuccess: (saved) => {
      queryClient.setQueryData([CALLS, 'detail', saved.id], saved);
      void queryClient.invalidateQueries({ queryKey: [CALLS, 'list'] });
    },
  });
}

export function useCallTransition(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (action: string) => request<CallView>(callPath(id, '/transitions'), { method: 'POST', body: { action } }),
    onSuccess: (call) => {
      queryClient.setQueryData([CALLS, 'detail', call.id], call);
      void queryClient.invalidateQueries({ queryKey: [CALLS, 'list'] });
      void queryClient.invalidateQueries({ queryKey: ['todos'] });
    },
  });
}

export function useRanking(id: string, enabled: boolean) {
  return useQuery({ queryKey: [CALLS, 'ranking', id], queryFn: () => request<Ranking>(callPath(id, '/ranking')), enabled });
}

// ——— 申报城市注册 ———

export function useRegisterApplicant() {
  return useMutation({
    mutationFn: (input: Registration) => request<{ user: { username: string } }>('/api/applicants', { method: 'POST', body: input }),
  });
}

// ——— 申报 ———

export function useApplications(filters: { call?: string; status?: ApplicationStatus }) {
  return useQuery({
    queryKey: [APPS, 'list', filters],
    queryFn: () => request<Items<ApplicationSummary>>('/api/applications', { query: { ...filters } }),
    placeholderData: keepPreviousData,
  });
}

export function useApplication(id: string) {
  return useQuery({ queryKey: [APPS, 'detail', id], queryFn: () => request<ApplicationDetail>(appPath(id)) });
}

function useOnApplicationChanged() {
  const queryClient = useQueryClient();
  return (app: ApplicationDetail) => {
    queryClient.setQueryData([APPS, 'detail', app.id], app);
    void queryClient.invalidateQueries({ queryKey: [APPS, 'list'] });
    void queryClient.invalidateQueries({ queryKey: [APPS, 'reviews', app.id] });
    void queryClient.invalidateQueries({ queryKey: [CALLS, 'ranking', app.callId] });
    void queryClient.invalidateQueries({ queryKey: ['todos'] });
  };
}

export function useCreateApplication(callId: string) {
  const onChanged = useOnApplicationChanged();
  return useMutation({
    mutationFn: (input: ApplicationInput) => request<ApplicationDetail>(callPath(callId, '/applications'), { method: 'POST', body: input }),
    onSuccess: onChanged,
  });
}

/** Saves with optimistic concurrency: 409 stale_version when someone else saved first. */
export function useUpdateApplication(id: string) {
  const onChanged = useOnApplicationChanged();
  return useMutation({
    mutationFn: ({ version, input }: { version: number; input: ApplicationInput }) =>
      request<ApplicationDetail>(appPath(id), { method: 'PATCH', body: input, headers: { 'If-Match': `"${version}"` } }),
    onSuccess: onChanged,
  });
}

export function useApplicationTransition(id: string) {
  const onChanged = useOnApplicationChanged();
  return useMutation({
    mutationFn: (body: { action: string; reason?: string }) =>
      request<ApplicationDetail>(appPath(id, '/transitions'), { method: 'POST', body }),
    onSuccess: onChanged,
  });
}

export function useUploadApplicationAttachment(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ kind, file }: { kind: string; file: File }) => upload<unknown>(appPath(id, '/attachments'), file, file.name, { kind }),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: [APPS, 'detail', id] }),
  });
}

export function useDeleteApplicationAttachment(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (attachmentId: string) =>
      request<unknown>(appPath(id, `/attachments/${encodeURIComponent(attachmentId)}`), { method: 'DELETE' }),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: [APPS, 'detail', id] }),
  });
}

export const applicationAttachmentHref = (id: string, attachmentId: string) =>
  appPath(id, `/attachments/${encodeURIComponent(attachmentId)}`);

// ——— 综合评审 ———

export function useExpertReviews(id: string, enabled: boolean) {
  return useQuery({ queryKey: [APPS, 'reviews', id], queryFn: () => request<ExpertReviews>(appPath(id, '/reviews')), enabled });
}

export function useAssignExperts(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: In<typeof panelAssignSchema>) => request<ExpertReviews>(appPath(id, '/assignments'), { method: 'POST', body }),
    onSuccess: (reviews) => {
      queryClient.setQueryData([APPS, 'reviews', id], reviews);
      void queryClient.invalidateQueries({ queryKey: [APPS, 'detail', id] });
    },
  });
}

/** What an expert scores: an application (综合评审) or an acceptance (验收), each on the same score sheet. */
export interface ScoredSubject {
  kind: 'applications' | 'acceptances';
  id: string;
}
const sheetPath = (s: ScoredSubject, rest: string) => `/api/${s.kind}/${encodeURIComponent(s.id)}/reviews/mine${rest}`;

/**
 * After a change to the sheet, the subject (its detail, its reviews), the to-dos and the task list are read again —
 * the subject only while the expert is still on its panel (after a declared conflict it is no longer the expert's).
 */
function useSheetChanged(s: ScoredSubject) {
  const queryClient = useQueryClient();
  return (onPanel = true) => {
    if (onPanel) void queryClient.invalidateQueries({ queryKey: [s.kind] });
    void queryClient.invalidateQueries({ queryKey: ['todos'] });
    void queryClient.invalidateQueries({ queryKey: ['my-review-tasks'] });
  };
}

export function useSubmitScore(s: ScoredSubject) {
  const onSuccess = useSheetChanged(s);
  return useMutation({
    mutationFn: (body: { scores: Record<string, number>; comment: string }) => request<unknown>(sheetPath(s, ''), { method: 'PUT', body }),
    onSuccess: () => onSuccess(),
  });
}

/** 利益冲突声明 before scoring; a declared conflict takes the expert off the panel. */
export function useDeclareConflict(s: ScoredSubject) {
  const onSuccess = useSheetChanged(s);
  return useMutation({
    mutationFn: (body: { conflict: boolean; note?: string }) =>
      request<{ onPanel: boolean }>(sheetPath(s, '/declaration'), { method: 'POST', body }),
    onSuccess: ({ onPanel }) => onSuccess(onPanel),
  });
}

export function useSaveScoreDraft(s: ScoredSubject) {
  const onSuccess = useSheetChanged(s);
  return useMutation({
    mutationFn: (body: { scores: Record<string, number>; comment: string }) =>
      request<unknown>(sheetPath(s, '/draft'), { method: 'PUT', body }),
    onSuccess: () => onSuccess(),
  });
}

/** 我的评审任务: every review the expert is on, across calls and acceptances. */
export function useMyReviewTasks() {
  return useQuery({ queryKey: ['my-review-tasks'], queryFn: () => request<Items<ReviewTask>>('/api/expert-reviews/mine') });
}
