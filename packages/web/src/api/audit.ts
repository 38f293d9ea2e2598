import type { AuditEventListQuery, RecordHistory } from '@smartcity/domain';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { request } from './client';
import type { AuditEventList } from './types';

export type AuditQuery = Partial<Record<keyof AuditEventListQuery, string | number>>;

/** A page of the audit log (the Ministry's), filtered and sorted by the server. */
export function useAuditEvents(q: AuditQuery) {
  return useQuery({
    queryKey: ['audit-events', q],
    queryFn: () => request<AuditEventList>('/api/audit/events', { query: q }),
    placeholderData: keepPreviousData,
  });
}

/** A record's history (`/api/<records>/:id/history`), verified in the audit chain. */
export function useRecordHistory(records: string, id: string) {
  return useQuery({
    queryKey: ['history', records, id],
    queryFn: () => request<RecordHistory>(`/api/${records}/${encodeURIComponent(id)}/history`),
  });
}
