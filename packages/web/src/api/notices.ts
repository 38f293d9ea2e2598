import type {
  NoticeInput,
  NoticeUpdate,
  NoticeView,
  noticeListSchema,
  noticeReceiptsSchema,
  publicNoticeListSchema,
  publicNoticeSchema,
} from '@smartcity/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from './client';
import type { Out } from './types';

const NO = 'notices';
const path = (id: string) => `/api/notices/${encodeURIComponent(id)}`;

export const useNotices = () => useQuery({ queryKey: [NO, 'list'], queryFn: () => request<Out<typeof noticeListSchema>>('/api/notices') });

/** Opening a notice records the reader's receipt, so the list's unread marks are read again afterwards. */
export function useNotice(id: string) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: [NO, 'detail', id],
    queryFn: async () => {
      const n = await request<NoticeView>(path(id));
      void queryClient.invalidateQueries({ queryKey: [NO, 'list'] });
      return n;
    },
  });
}

export const useNoticeReceipts = (id: string, enabled: boolean) =>
  useQuery({
    queryKey: [NO, 'receipts', id],
    queryFn: () => request<Out<typeof noticeReceiptsSchema>>(`${path(id)}/receipts`),
    enabled,
  });

export function useCreateNotice() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NoticeInput) => request<NoticeView>('/api/notices', { method: 'POST', body }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: [NO] }),
  });
}

/** A draft corrected by its sender; a save made meanwhile elsewhere comes back as 409 (If-Match: the version read). */
export function useUpdateNotice(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ version, ...body }: NoticeUpdate & { version: number }) =>
      request<NoticeView>(path(id), { method: 'PATCH', body, headers: { 'If-Match': `"${version}"` } }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: [NO] }),
  });
}

export function usePublishNotice(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { action: string }) => request<NoticeView>(`${path(id)}/transitions`, { method: 'POST', body }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: [NO] }),
  });
}

export const usePublicNotices = () =>
  useQuery({ queryKey: [NO, 'public'], queryFn: () => request<Out<typeof publicNoticeListSchema>>('/api/public/notices') });

export const usePublicNotice = (id: string) =>
  useQuery({
    queryKey: [NO, 'public', id],
    queryFn: () => request<Out<typeof publicNoticeSchema>>(`/api/public/notices/${encodeURIComponent(id)}`),
  });
