import type { AmendmentType, SignatureRequest, TaskBookStatus } from '@smartcity/domain';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from './client';
import type { Items, TaskBookDiff, TaskBookSummary, TaskBookVerification, TaskBookVersion, TaskBookView, TodoList } from './types';

const TB = 'task-books';
const path = (id: string, rest = '') => `/api/task-books/${encodeURIComponent(id)}${rest}`;

/** A page of the organisation's to-dos (overdue first) and the count of each kind. */
export function useTodos(page: number, pageSize: number) {
  return useQuery({
    queryKey: ['todos', page, pageSize],
    queryFn: () => request<TodoList>('/api/todos', { query: { page, pageSize } }),
    placeholderData: keepPreviousData,
  });
}

export function useTaskBooks(filters: { pilot?: string; status?: TaskBookStatus }) {
  return useQuery({
    queryKey: [TB, 'list', filters],
    queryFn: () => request<Items<TaskBookSummary>>('/api/task-books', { query: { ...filters } }),
    placeholderData: keepPreviousData,
  });
}

export function useTaskBook(id: string) {
  // a page that has no book yet asks with ''; GET /api/task-books/ would only answer 400
  return useQuery({ queryKey: [TB, 'detail', id], queryFn: () => request<TaskBookView>(path(id)), enabled: id !== '' });
}

/** Every change to a task book settles the to-do list and the lists too. */
function useOnChanged() {
  const queryClient = useQueryClient();
  return (book: TaskBookView) => {
    queryClient.setQueryData([TB, 'detail', book.id], book);
    void queryClient.invalidateQueries({ queryKey: [TB, 'list'] });
    void queryClient.invalidateQueries({ queryKey: [TB, 'versions', book.id] });
    void queryClient.invalidateQueries({ queryKey: ['todos'] });
  };
}

export function useCreateTaskBook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (pilotId: string) => request<TaskBookView>(`/api/pilots/${encodeURIComponent(pilotId)}/task-books`, { method: 'POST' }),
    onSuccess: (book) => {
      queryClient.setQueryData([TB, 'detail', book.id], book);
      void queryClient.invalidateQueries({ queryKey: [TB, 'list'] });
      void queryClient.invalidateQueries({ queryKey: ['todos'] });
    },
  });
}

/** Saves one section with optimistic concurrency (409 stale_version when someone saved it first). */
export function saveSection(id: string, n: number, version: number, content: unknown) {
  return request<{ n: number; version: number }>(path(id, `/sections/${n}`), {
    method: 'PATCH',
    body: content,
    headers: { 'If-Match': `"${version}"` },
  });
}

export interface TransitionBody {
  action: string;
  reason?: string;
  sectionReasons?: { section: number | null; text: string }[];
}

export function useTaskBookTransition(id: string) {
  const onChanged = useOnChanged();
  return useMutation({
    mutationFn: (body: TransitionBody) => request<TaskBookView>(path(id, '/transitions'), { method: 'POST', body }),
    onSuccess: onChanged,
  });
}

export function useSignTaskBook(id: string) {
  const onChanged = useOnChanged();
  return useMutation({
    mutationFn: (body: SignatureRequest) => request<TaskBookView>(path(id, '/signatures'), { method: 'POST', body }),
    onSuccess: onChanged,
  });
}

export function useAmendTaskBook(id: string) {
  const onChanged = useOnChanged();
  return useMutation({
    mutationFn: (body: { type: AmendmentType; reason: string }) => request<TaskBookView>(path(id, '/amendments'), { method: 'POST', body }),
    onSuccess: onChanged,
  });
}

export function useVerifyTaskBook(id: string) {
  return useMutation({ mutationFn: () => request<TaskBookVerification>(path(id, '/verify')) });
}

export function useTaskBookVersions(id: string) {
  return useQuery({ queryKey: [TB, 'versions', id], queryFn: () => request<Items<TaskBookVersion>>(path(id, '/versions')) });
}

export type VersionRef = number | 'draft';
/** `lang` keys the query: the server names the changed fields in the reader's language. */
export function useTaskBookDiff(id: string, from: VersionRef | undefined, to: VersionRef | undefined, lang: string) {
  return useQuery({
    queryKey: [TB, 'diff', id, from, to, lang],
    queryFn: () => request<TaskBookDiff>(path(id, '/diff'), { query: { from, to } }),
    enabled: from !== undefined && to !== undefined && from !== to,
  });
}

export const documentHref = (id: string, ext: 'docx' | 'pdf') => path(id, `/document.${ext}`);
