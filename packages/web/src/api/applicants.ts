import type { applicantDecisionSchema, OrganisationStatus } from '@smartcity/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from './client';
import type { Applicant, In, Items } from './types';

const KEY = 'applicants';
export type ApplicantDecision = In<typeof applicantDecisionSchema>;

/** Self-registered applicant governments in scope (the province's own; all for the Ministry). */
export function useApplicants(status?: OrganisationStatus) {
  return useQuery({
    queryKey: [KEY, status ?? 'all'],
    queryFn: () => request<Items<Applicant>>(`/api/applicants${status ? `?status=${status}` : ''}`),
  });
}

export function useDecideApplicant() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, decision }: { id: string; decision: ApplicantDecision }) =>
      request<Applicant>(`/api/applicants/${encodeURIComponent(id)}/approval`, { method: 'POST', body: decision }),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: [KEY] }),
  });
}
