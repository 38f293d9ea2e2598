import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from './client';
import type { AcceptanceSummary, AcceptanceView, Items, PublicRating, RatingPreview } from './types';

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
    mutationFn: () => request<AcceptanceView>(path(id, '/assignments'), { method: 'POST', body: { count: 3 } }),
    onSuccess: onChanged,
  });
}

export function useScoreAcceptance(id: string) {
  const onChanged = useOnChanged();
  return useMutation({
    mutationFn: (body: { score: number; comment: string }) => request<AcceptanceView>(path(id, '/reviews/mine'), { method: 'PUT', body }),
    onSuccess: onChanged,
  });
}
