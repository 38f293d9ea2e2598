import type { accountPatchSchema, accountSchema, newAccountSchema, passwordChangeSchema, passwordResetSchema } from '@smartcity/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from './client';
import type { In, Items, Out } from './types';

const KEY = 'accounts';
export type Account = Out<typeof accountSchema>;
export type NewAccount = In<typeof newAccountSchema>;

/** 人员管理: the people of the administrator's own organisation. */
export function useAccounts() {
  return useQuery({ queryKey: [KEY], queryFn: () => request<Items<Account>>('/api/users') });
}

export function useAddAccount() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: NewAccount) => request<Account>('/api/users', { method: 'POST', body: input }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: [KEY] }),
  });
}

/** Details, roles or disabling, against the version the table shows (a colleague's change in between is a conflict). */
export function useUpdateAccount() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ account, patch }: { account: Account; patch: In<typeof accountPatchSchema> }) =>
      request<Account>(`/api/users/${encodeURIComponent(account.id)}`, {
        method: 'PATCH',
        body: patch,
        headers: { 'If-Match': `"${account.version}"` },
      }),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: [KEY] }),
  });
}

export function useChangePassword() {
  return useMutation({
    mutationFn: (input: In<typeof passwordChangeSchema>) => request<{ ok: true }>('/api/session/password', { method: 'POST', body: input }),
  });
}

export function useRequestPasswordReset() {
  return useMutation({
    mutationFn: (username: string) => request<{ ok: true }>('/api/password-resets', { method: 'POST', body: { username } }),
  });
}

export function useResetPassword() {
  return useMutation({
    mutationFn: (input: In<typeof passwordResetSchema>) =>
      request<{ ok: true }>('/api/password-resets/redemption', { method: 'POST', body: input }),
  });
}
