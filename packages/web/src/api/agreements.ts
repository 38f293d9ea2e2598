import type { AgreementContent, SignatureRequest } from '@smartcity/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from './client';
import type { AgreementSummary, AgreementView, Items, TaskBookVerification } from './types';

const AG = 'agreements';
const path = (id: string, rest = '') => `/api/agreements/${encodeURIComponent(id)}${rest}`;

export function useAgreements() {
  return useQuery({ queryKey: [AG, 'list'], queryFn: () => request<Items<AgreementSummary>>('/api/agreements') });
}

export function useAgreement(id: string) {
  return useQuery({ queryKey: [AG, 'detail', id], queryFn: () => request<AgreementView>(path(id)) });
}

function useOnChanged() {
  const queryClient = useQueryClient();
  return (a: AgreementView) => {
    queryClient.setQueryData([AG, 'detail', a.id], a);
    void queryClient.invalidateQueries({ queryKey: [AG, 'list'] });
    void queryClient.invalidateQueries({ queryKey: ['todos'] });
  };
}

export function useCreateAgreement() {
  const onChanged = useOnChanged();
  return useMutation({
    mutationFn: (body: { provinceCode: string; content: Record<string, string> }) =>
      request<AgreementView>('/api/agreements', { method: 'POST', body }),
    onSuccess: onChanged,
  });
}

/** 修改协议文本 while drafting, against the version shown (someone else's save in between is a conflict). */
export function useUpdateAgreement(ag: Pick<AgreementView, 'id' | 'version'>) {
  const onChanged = useOnChanged();
  return useMutation({
    mutationFn: (content: AgreementContent) =>
      request<AgreementView>(path(ag.id), { method: 'PATCH', body: { content }, headers: { 'If-Match': `"${ag.version}"` } }),
    onSuccess: onChanged,
  });
}

export function useAgreementTransition(id: string) {
  const onChanged = useOnChanged();
  return useMutation({
    mutationFn: (action: string) => request<AgreementView>(path(id, '/transitions'), { method: 'POST', body: { action } }),
    onSuccess: onChanged,
  });
}

export function useSignAgreement(id: string) {
  const onChanged = useOnChanged();
  return useMutation({
    mutationFn: (body: SignatureRequest) => request<AgreementView>(path(id, '/signatures'), { method: 'POST', body }),
    onSuccess: onChanged,
  });
}

export function useVerifyAgreement(id: string) {
  return useMutation({ mutationFn: () => request<TaskBookVerification>(path(id, '/verify')) });
}

export const agreementDocumentHref = (id: string, ext: 'docx' | 'pdf') => path(id, `/document.${ext}`);
