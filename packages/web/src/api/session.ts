import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, request, setCsrfToken } from './client';
import type { SessionInfo } from './types';

export const SESSION_KEY = ['session'] as const;

/** The signed-in session, or null. Also keeps the CSRF token current after a reload. */
export function useSession() {
  return useQuery({
    queryKey: SESSION_KEY,
    queryFn: async (): Promise<SessionInfo | null> => {
      try {
        const session = await request<SessionInfo>('/api/session');
        setCsrfToken(session.csrfToken);
        return session;
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) {
          setCsrfToken(null);
          return null;
        }
        throw err;
      }
    },
    staleTime: 5 * 60_000,
    retry: false,
  });
}

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (credentials: { username: string; password: string }) =>
      request<SessionInfo>('/api/session', { method: 'POST', body: credentials }),
    onSuccess: (session) => {
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
      setCsrfToken(session.csrfToken);
      queryClient.setQueryData(SESSION_KEY, session);
    },
  });
}

/** Signs out, then reloads the public portal so no signed-in state survives in memory. */
export function useSignOut() {
  return useMutation({
    mutationFn: () => request<{ ok: true }>('/api/session', { method: 'DELETE' }),
    onSettled: () => {
      setCsrfToken(null);
      window.location.assign('/');
    },
  });
}
