import type { PublicVerification } from '@smartcity/domain';
import { useQuery } from '@tanstack/react-query';
import { request } from './client';

/** The public verification of a signed text, by the id its printed link names (no sign-in). */
export function usePublicVerification(id: string) {
  return useQuery({
    queryKey: ['public-verification', id],
    queryFn: () => request<PublicVerification>(`/api/public/verifications/${encodeURIComponent(id)}`),
    retry: false,
  });
}
