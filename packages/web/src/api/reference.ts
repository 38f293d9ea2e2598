import { useMutation, useQuery } from '@tanstack/react-query';
import { request } from './client';
import type { AuditVerification, IndicatorSystem, IndicatorTree, Items, Organisation, Province, PublicPilotList } from './types';

const forever = { staleTime: Infinity };

export function useProvinces() {
  return useQuery({ queryKey: ['provinces'], queryFn: () => request<Items<Province>>('/api/provinces'), ...forever });
}

export function usePublicPilots(batch: number) {
  return useQuery({
    queryKey: ['public-pilots', batch],
    queryFn: () => request<PublicPilotList>('/api/public/pilots', { query: { batch } }),
    ...forever,
  });
}

export function useOrganisations() {
  return useQuery({ queryKey: ['organisations'], queryFn: () => request<Items<Organisation>>('/api/organisations') });
}

export function useIndicatorSystems() {
  return useQuery({
    queryKey: ['indicator-systems'],
    queryFn: () => request<Items<IndicatorSystem>>('/api/indicator-systems'),
    ...forever,
  });
}

export function useIndicatorTree(id: string | undefined) {
  return useQuery({
    queryKey: ['indicator-systems', id, 'tree'],
    queryFn: () => request<IndicatorTree>(`/api/indicator-systems/${encodeURIComponent(id ?? '')}/tree`),
    enabled: Boolean(id),
    ...forever,
  });
}

export function useAuditVerify() {
  return useMutation({ mutationFn: () => request<AuditVerification>('/api/audit/verify') });
}
