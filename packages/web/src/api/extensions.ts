import type {
  deadlineReminderResultSchema,
  extensionGrantResultSchema,
  ExtensionView,
  extensionListSchema,
  OverdueRow,
} from '@smartcity/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from './client';
import type { Out } from './types';

const EX = 'extensions';

export function useExtension(id: string) {
  return useQuery({
    queryKey: [EX, 'detail', id],
    queryFn: () => request<ExtensionView>(`/api/extension-requests/${encodeURIComponent(id)}`),
  });
}

/** Where a deadline's extension requests are: a task book's, or a pilot's report of a year (started or not). */
export type DeadlineOf = { taskBookId: string } | { pilotId: string; year: number };
const requestsPath = (d: DeadlineOf) =>
  'taskBookId' in d
    ? `/api/task-books/${encodeURIComponent(d.taskBookId)}/extension-requests`
    : `/api/pilots/${encodeURIComponent(d.pilotId)}/report-deadlines/${d.year}/extension-requests`;

export function useDeadlineExtensions(deadline: DeadlineOf) {
  const path = requestsPath(deadline);
  return useQuery({ queryKey: [EX, path], queryFn: () => request<Out<typeof extensionListSchema>>(path) });
}

/** A request or a decision changes the deadline, the to-do lists, the records and the dashboard: all are read again. */
function useOnChanged() {
  const queryClient = useQueryClient();
  return () => {
    for (const key of [EX, 'task-books', 'annual-reports', 'todos', 'dashboard']) void queryClient.invalidateQueries({ queryKey: [key] });
  };
}

export function useRequestExtension(deadline: DeadlineOf) {
  const onChanged = useOnChanged();
  return useMutation({
    mutationFn: (body: { reason: string; until: string }) => request<ExtensionView>(requestsPath(deadline), { method: 'POST', body }),
    onSuccess: onChanged,
  });
}

export function useDecideExtension(id: string) {
  const onChanged = useOnChanged();
  return useMutation({
    mutationFn: (body: { action: 'approve' | 'refuse'; reason: string; until?: string }) =>
      request<ExtensionView>(`/api/extension-requests/${encodeURIComponent(id)}/transitions`, { method: 'POST', body }),
    onSuccess: onChanged,
  });
}

/** The Ministry extends the rows' deadlines (all or none: refused rows come back in the error). */
export function useGrantExtensions() {
  const onChanged = useOnChanged();
  return useMutation({
    mutationFn: (body: { rows: OverdueRow[]; until: string; reason: string }) =>
      request<Out<typeof extensionGrantResultSchema>>('/api/extension-grants', { method: 'POST', body }),
    onSuccess: onChanged,
  });
}

/** 催办: a reminder to the pilot of each row (all or none). */
export function useRemindDeadlines() {
  return useMutation({
    mutationFn: (body: { rows: OverdueRow[] }) =>
      request<Out<typeof deadlineReminderResultSchema>>('/api/deadline-reminders', { method: 'POST', body }),
  });
}
