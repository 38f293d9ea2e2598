import type { platformValuesSchema, ReportContent, ReportSort, ReportStatus, traceSchema } from '@smartcity/domain';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request, upload } from './client';
import type { Out, ReportList, ReportView } from './types';

const AR = 'annual-reports';
const path = (id: string, rest = '') => `/api/annual-reports/${encodeURIComponent(id)}${rest}`;

/** A page of the reports in scope (50 by default: a pilot's own years fit in one). */
export function useAnnualReports(
  filters: { pilot?: string; year?: number; status?: ReportStatus; sort?: ReportSort },
  page = 1,
  pageSize = 50,
) {
  return useQuery({
    queryKey: [AR, 'list', filters, page, pageSize],
    queryFn: () => request<ReportList>('/api/annual-reports', { query: { ...filters, page, pageSize } }),
    placeholderData: keepPreviousData,
  });
}

export function useAnnualReport(id: string) {
  return useQuery({ queryKey: [AR, 'detail', id], queryFn: () => request<ReportView>(path(id)) });
}

function useOnChanged() {
  const queryClient = useQueryClient();
  return (report: ReportView) => {
    queryClient.setQueryData([AR, 'detail', report.id], report);
    void queryClient.invalidateQueries({ queryKey: [AR, 'list'] });
    void queryClient.invalidateQueries({ queryKey: ['todos'] });
  };
}

export function useCreateAnnualReport() {
  const onChanged = useOnChanged();
  return useMutation({
    mutationFn: ({ pilotId, year }: { pilotId: string; year: number }) =>
      request<ReportView>(`/api/pilots/${encodeURIComponent(pilotId)}/annual-reports`, { method: 'POST', body: { year } }),
    onSuccess: onChanged,
  });
}

/** Saves the content with optimistic concurrency (409 stale_version when someone saved first). */
export function useSaveAnnualReport(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ version, content }: { version: number; content: ReportContent }) =>
      request<{ version: number }>(path(id), { method: 'PATCH', body: content, headers: { 'If-Match': `"${version}"` } }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: [AR, 'detail', id] }),
  });
}

export interface ReportTransitionBody {
  action: string;
  reason?: string;
  itemReasons?: { item: string | null; text: string }[];
}

export function useAnnualReportTransition(id: string) {
  const onChanged = useOnChanged();
  return useMutation({
    mutationFn: (body: ReportTransitionBody) => request<ReportView>(path(id, '/transitions'), { method: 'POST', body }),
    onSuccess: onChanged,
  });
}

export function useUploadEvidence(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => upload<{ id: string; filename: string }>(path(id, '/evidence'), file, file.name),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: [AR, 'detail', id] }),
  });
}

export const evidenceHref = (id: string, attachmentId: string) => path(id, `/evidence/${encodeURIComponent(attachmentId)}`);

export type PlatformValues = Out<typeof platformValuesSchema>;
export type Trace = Out<typeof traceSchema>;
/** What the city platform offers as the report's actual values, with evidence. */
export const useReportPlatformValues = (id: string) =>
  useQuery({ queryKey: [AR, 'platform-values', id], queryFn: () => request<PlatformValues>(path(id, '/platform-values')) });
/** Key project → indicators → resources → yearly values of the pilot's signed task book. */
export const usePilotTrace = (pilotId: string) =>
  useQuery({ queryKey: [AR, 'trace', pilotId], queryFn: () => request<Trace>(`/api/pilots/${encodeURIComponent(pilotId)}/trace`) });
