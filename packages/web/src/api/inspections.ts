import type { inspectionInputSchema } from '@smartcity/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from './client';
import type { Finding, In, InspectionSummary, InspectionView, Items } from './types';

const INS = 'inspections';
export type InspectionInput = In<typeof inspectionInputSchema>;

export function useInspections(filters: { pilot?: string }) {
  return useQuery({
    queryKey: [INS, 'list', filters],
    queryFn: () => request<Items<InspectionSummary>>('/api/inspections', { query: { ...filters } }),
  });
}

export function useInspection(id: string) {
  return useQuery({ queryKey: [INS, 'detail', id], queryFn: () => request<InspectionView>(`/api/inspections/${encodeURIComponent(id)}`) });
}

export function useCreateInspection() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: InspectionInput) => request<InspectionView>('/api/inspections', { method: 'POST', body: input }),
    onSuccess: (ins) => {
      queryClient.setQueryData([INS, 'detail', ins.id], ins);
      void queryClient.invalidateQueries({ queryKey: [INS, 'list'] });
    },
  });
}

export function useFindingTransition(inspectionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ findingId, action, reason }: { findingId: string; action: string; reason?: string }) =>
      request<Finding>(`/api/findings/${encodeURIComponent(findingId)}/transitions`, {
        method: 'POST',
        body: { action, ...(reason ? { reason } : {}) },
      }),
    onSettled: (_data, _err, vars) => {
      void queryClient.invalidateQueries({ queryKey: [INS, 'detail', inspectionId] });
      void queryClient.invalidateQueries({ queryKey: [INS, 'finding', vars.findingId] });
      void queryClient.invalidateQueries({ queryKey: ['todos'] });
    },
  });
}

export function useFinding(id: string) {
  return useQuery({ queryKey: [INS, 'finding', id], queryFn: () => request<Finding>(`/api/findings/${encodeURIComponent(id)}`) });
}
