import type { NotificationListQuery } from '@smartcity/domain';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from './client';
import type { NotificationList } from './types';

const KEY = ['notifications'] as const;
type Query = Partial<Record<keyof NotificationListQuery, string | number>>;
const search = (q: Query) =>
  new URLSearchParams(Object.entries(q).flatMap(([k, v]) => (v === undefined || v === '' ? [] : [[k, String(v)]]))).toString();

/** The reader's notifications, a page at a time; polled every minute so the bell stays current. */
export function useNotifications(q: Query = {}) {
  return useQuery({
    queryKey: [...KEY, q],
    queryFn: () => request<NotificationList>(`/api/notifications?${search(q)}`),
    refetchInterval: 60_000,
    placeholderData: keepPreviousData,
  });
}

const useInvalidating = <T>(mutationFn: (arg: T) => Promise<unknown>) => {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn, onSettled: () => void queryClient.invalidateQueries({ queryKey: KEY }) });
};

export const useMarkRead = () =>
  useInvalidating((id: string) => request<{ ok: true }>(`/api/notifications/${encodeURIComponent(id)}/read`, { method: 'POST' }));

export const useMarkAllRead = () => useInvalidating(() => request<{ marked: number }>('/api/notifications/read-all', { method: 'POST' }));
