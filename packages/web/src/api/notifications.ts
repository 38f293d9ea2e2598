import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from './client';
import type { NotificationList } from './types';

const KEY = ['notifications'] as const;

/** The organisation's notifications; polled every minute so the bell stays current. */
export function useNotifications() {
  return useQuery({ queryKey: KEY, queryFn: () => request<NotificationList>('/api/notifications'), refetchInterval: 60_000 });
}

export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => request<{ ok: true }>(`/api/notifications/${encodeURIComponent(id)}/read`, { method: 'POST' }),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: KEY }),
  });
}
