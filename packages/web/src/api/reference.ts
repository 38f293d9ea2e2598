import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { request } from './client';
import type { PublicPilot, Site } from '@smartcity/domain';
import type { AuditVerification, Batch, IndicatorSystem, IndicatorTree, Items, Organisation, Province, PublicPilotList } from './types';

const forever = { staleTime: Infinity };

export function useProvinces() {
  return useQuery({ queryKey: ['provinces'], queryFn: () => request<Items<Province>>('/api/provinces'), ...forever });
}

export function usePublicPilots(batch: number) {
  return useQuery({
    queryKey: ['public-pilots', batch],
    queryFn: () => request<PublicPilotList>('/api/public/pilots', { query: { batch } }),
    // keep showing the last list (and its batch choice) while another batch loads
    placeholderData: keepPreviousData,
    ...forever,
  });
}

/** A pilot's public page: what the programme publishes about it. */
export function usePublicPilot(id: string) {
  return useQuery({ queryKey: ['public-pilot', id], queryFn: () => request<PublicPilot>(`/api/public/pilots/${encodeURIComponent(id)}`) });
}

/** The batches there are (a call opened, or the seeded first one): filters offer these, never a fixed list. */
export function useBatches() {
  return useQuery({ queryKey: ['batches'], queryFn: () => request<Items<Batch>>('/api/batches') });
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

/** Whether the deployment holds the demo programme: asked once per visit, shown on every page. */
export function useSite() {
  return useQuery({ queryKey: ['site'], queryFn: () => request<Site>('/api/public/site'), ...forever });
}
