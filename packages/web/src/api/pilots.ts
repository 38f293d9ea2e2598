import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from './client';
import type { PilotEvent } from '@smartcity/domain';
import type { Items, PilotDetail, PilotFilters, PilotList } from './types';

const PILOTS = 'pilots';

export function usePilots(filters: PilotFilters, page: number, pageSize: number) {
  return useQuery({
    queryKey: [PILOTS, 'list', filters, page, pageSize],
    queryFn: () => request<PilotList>('/api/pilots', { query: { ...filters, page, pageSize } }),
    placeholderData: keepPreviousData,
  });
}

export function usePilotStats(filters: Omit<PilotFilters, 'province'>) {
  return useQuery({
    queryKey: [PILOTS, 'stats', filters],
    queryFn: () => request<Items<{ provinceCode: string; count: number }>>('/api/pilots/stats/by-province', { query: { ...filters } }),
    placeholderData: keepPreviousData,
  });
}

export function usePilot(id: string) {
  return useQuery({
    queryKey: [PILOTS, 'detail', id],
    queryFn: () => request<PilotDetail>(`/api/pilots/${encodeURIComponent(id)}`),
  });
}

/** Saves with optimistic concurrency: 409 stale_version when someone else saved first. */
export function useUpdatePilot(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ version, changes }: { version: number; changes: Record<string, string | null | undefined> }) =>
      request<PilotDetail>(`/api/pilots/${encodeURIComponent(id)}`, {
        method: 'PATCH',
        body: changes,
        headers: { 'If-Match': `"${version}"` },
      }),
    onSuccess: (pilot) => onPilotChanged(queryClient, pilot),
  });
}

export function usePilotTransition(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { action: string; reason?: string }) =>
      request<PilotDetail>(`/api/pilots/${encodeURIComponent(id)}/transitions`, { method: 'POST', body }),
    onSuccess: (pilot) => onPilotChanged(queryClient, pilot),
  });
}

function onPilotChanged(queryClient: ReturnType<typeof useQueryClient>, pilot: PilotDetail) {
  queryClient.setQueryData([PILOTS, 'detail', pilot.id], pilot);
  void queryClient.invalidateQueries({ queryKey: [PILOTS, 'list'] });
  void queryClient.invalidateQueries({ queryKey: [PILOTS, 'stats'] });
}

export function usePilotTimeline(id: string) {
  return useQuery({
    queryKey: [PILOTS, 'timeline', id],
    queryFn: () => request<Items<PilotEvent>>(`/api/pilots/${encodeURIComponent(id)}/timeline`),
  });
}
