import type { panelAssignSchema } from '@smartcity/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from './client';
import type { RatingRule } from '@smartcity/domain';
import type { AcceptanceSummary, AcceptanceView, In, Items, PublicRating, RatingPreview, RatingRuleView } from './types';

const ACC = 'acceptances';
const path = (id: string, rest = '') => `/api/acceptances/${encodeURIComponent(id)}${rest}`;

export function useAcceptances() {
  return useQuery({ queryKey: [ACC, 'list'], queryFn: () => request<Items<AcceptanceSummary>>('/api/acceptances') });
}

export function useAcceptance(id: string) {
  return useQuery({ queryKey: [ACC, 'detail', id], queryFn: () => request<AcceptanceView>(path(id)) });
}

export function useRatingPreview(pilotId: string | undefined) {
  return useQuery({
    queryKey: [ACC, 'preview', pilotId],
    queryFn: () => request<RatingPreview>(`/api/pilots/${encodeURIComponent(pilotId ?? '')}/rating-preview`),
    enabled: Boolean(pilotId),
    retry: false,
  });
}

function useOnChanged() {
  const queryClient = useQueryClient();
  return (a: AcceptanceView) => {
    queryClient.setQueryData([ACC, 'detail', a.id], a);
    void queryClient.invalidateQueries({ queryKey: [ACC, 'list'] });
    void queryClient.invalidateQueries({ queryKey: ['todos'] });
  };
}

export function useStartAcceptance() {
  const onChanged = useOnChanged();
  return useMutation({
    mutationFn: (pilotId: string) => request<AcceptanceView>(`/api/pilots/${encodeURIComponent(pilotId)}/acceptance`, { method: 'POST' }),
    onSuccess: onChanged,
  });
}

export function useAcceptanceTransition(id: string) {
  const onChanged = useOnChanged();
  return useMutation({
    mutationFn: (body: { action: string; reason?: string }) => request<AcceptanceView>(path(id, '/transitions'), { method: 'POST', body }),
    onSuccess: onChanged,
  });
}

export function usePublicRatings() {
  return useQuery({
    queryKey: ['public-ratings'],
    queryFn: () => request<Items<PublicRating>>('/api/public/ratings'),
    retry: false,
    staleTime: 60_000,
  });
}

export function useAssignAcceptanceExperts(id: string) {
  const onChanged = useOnChanged();
  return useMutation({
    mutationFn: (body: In<typeof panelAssignSchema>) => request<AcceptanceView>(path(id, '/assignments'), { method: 'POST', body }),
    onSuccess: onChanged,
  });
}

/** 验收评级规则: every version, the one in force marked. */
export function useRatingRules() {
  return useQuery({ queryKey: [ACC, 'rules'], queryFn: () => request<Items<RatingRuleView>>('/api/rating-rules') });
}

/** The Ministry publishes a new version: previews (and acceptances not yet confirmed) use it from now on. */
export function usePublishRatingRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (rule: RatingRule) => request<RatingRuleView>('/api/rating-rules', { method: 'POST', body: rule }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: [ACC] }),
  });
}

/** The pilot edits its self-assessment while the acceptance is a draft (If-Match: the version it read). */
export function useSaveNarrative(id: string) {
  const onChanged = useOnChanged();
  return useMutation({
    mutationFn: (body: { narrative: string; version: number }) =>
      request<AcceptanceView>(path(id), {
        method: 'PATCH',
        body: { narrative: body.narrative },
        headers: { 'If-Match': `"${body.version}"` },
      }),
    onSuccess: onChanged,
  });
}
