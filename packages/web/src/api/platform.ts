import type {
  SubscriptionAction,
  deliverySchema,
  subscriptionCreateSchema,
  subscriptionSchema,
  apiKeyCreatedSchema,
  apiKeyCreateSchema,
  apiKeyListSchema,
  departmentCreateSchema,
  departmentListSchema,
  platformHealthListSchema,
  platformYearSchema,
  platformYearsSchema,
  departmentSchema,
  recordPageSchema,
  ResourceInput,
  resourceListQuery,
  resourceListSchema,
  ResourceView,
  sharingListQuery,
  sharingListSchema,
  sharingRequestCreateSchema,
  SharingRequestView,
  RowFilter,
} from '@smartcity/domain';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request, upload } from './client';
import type { In, Out } from './types';

/*
 * 城市公共信息平台: the catalog, its resources' loads, records and usage, sharing requests, API keys and departments.
 * Every query key starts with PLATFORM, so a change reads the platform again as a whole.
 */

const PLATFORM = 'platform';
const resourcePath = (id: string, rest = '') => `/api/platform/resources/${encodeURIComponent(id)}${rest}`;

export type Department = Out<typeof departmentSchema>;
export type ResourceSummary = Out<typeof resourceListSchema>['items'][number];
export type ResourceFilters = Partial<Out<typeof resourceListQuery>>;
export type RecordPage = Out<typeof recordPageSchema>;
export type ApiKey = Out<typeof apiKeyListSchema>['items'][number];
export type ApiKeyCreated = Out<typeof apiKeyCreatedSchema>;
export type SharingFilters = Partial<In<typeof sharingListQuery>>;
export type { ResourceView, SharingRequestView };

/** A load's progress and report, as GET /api/platform/loads/:id answers (the server's loadSchema). */
export interface LoadReport {
  id: string;
  resourceId: string;
  status: 'running' | 'done' | 'refused' | 'failed';
  format: string;
  encoding: string | null;
  mode: 'upsert' | 'replace';
  policy: 'all' | 'good';
  fileName: string | null;
  rowsRead: number;
  added: number;
  updated: number;
  deleted: number;
  rejected: number;
  digest: string | null;
  problems: { line: number; field: string | null; problem: string }[];
  error: string | null;
  loadedBy: string;
  startedAt: string;
  finishedAt: string | null;
}
export type LoadOptions = Pick<LoadReport, 'mode' | 'policy'>;

/** Calls and rows served per day and per consumer, the last 30 days (the server's usageSchema). */
export interface Usage {
  byDay: { day: string; calls: number; rows: number }[];
  byConsumer: { organisationId: string; name: string; calls: number; rows: number; bytes: number; apiKeyCalls: number }[];
}

/** A decision on a sharing request: approve with its scope, refuse or revoke with a reason, withdraw. */
export interface SharingDecision {
  action: string;
  reason?: string;
  fields?: string[];
  expiresOn?: string;
  rowFilter?: RowFilter;
}

/** A write to the platform: once it succeeds, everything the platform shows is read again. */
function usePlatformWrite<A, R>(mutationFn: (arg: A) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn, onSuccess: () => void queryClient.invalidateQueries({ queryKey: [PLATFORM] }) });
}

// ——— platform health ———

export type PlatformHealth = Out<typeof platformHealthListSchema>['items'][number];
export const usePlatformHealth = () =>
  useQuery({ queryKey: [PLATFORM, 'health'], queryFn: () => request<Out<typeof platformHealthListSchema>>('/api/platform/health') });

export type PlatformYear = Out<typeof platformYearSchema>;
/** A platform's figures year by year (the dashboard over time), and one year with its evidence. */
export const usePlatformYears = (pilotId: string | undefined) =>
  useQuery({
    queryKey: [PLATFORM, 'years', pilotId],
    queryFn: () => request<Out<typeof platformYearsSchema>>(`/api/platform/health/${encodeURIComponent(pilotId!)}/years`),
    enabled: !!pilotId,
  });
export const usePlatformYear = (pilotId: string, year: string) =>
  useQuery({
    queryKey: [PLATFORM, 'years', pilotId, year],
    queryFn: () => request<PlatformYear>(`/api/platform/health/${encodeURIComponent(pilotId)}/years/${encodeURIComponent(year)}`),
  });

// ——— departments ———

export const useDepartments = () =>
  useQuery({ queryKey: [PLATFORM, 'departments'], queryFn: () => request<Out<typeof departmentListSchema>>('/api/platform/departments') });

export const useAddDepartment = () =>
  usePlatformWrite((body: In<typeof departmentCreateSchema>) => request<Department>('/api/platform/departments', { method: 'POST', body }));

// ——— the catalog ———

export function useResources(filters: ResourceFilters) {
  return useQuery({
    queryKey: [PLATFORM, 'resources', filters],
    queryFn: () => request<Out<typeof resourceListSchema>>('/api/platform/resources', { query: filters }),
    placeholderData: keepPreviousData,
  });
}

export const resourceQuery = (id: string) => ({
  queryKey: [PLATFORM, 'resource', id],
  queryFn: () => request<ResourceView>(resourcePath(id)),
});
export const useResource = (id: string) => useQuery(resourceQuery(id));

export const useCreateResource = () =>
  usePlatformWrite((body: ResourceInput) => request<ResourceView>('/api/platform/resources', { method: 'POST', body }));

/** A draft's description again, against the version shown (another save in between is a conflict). */
export const useUpdateResource = (r: Pick<ResourceView, 'id' | 'version'>) =>
  usePlatformWrite((body: ResourceInput) =>
    request<ResourceView>(resourcePath(r.id), { method: 'PUT', body, headers: { 'If-Match': `"${r.version}"` } }),
  );

export const useResourceTransition = (id: string) =>
  usePlatformWrite((body: { action: string; reason?: string }) =>
    request<ResourceView>(resourcePath(id, '/transitions'), { method: 'POST', body }),
  );

// ——— records: loads, a sample, usage ———

/** The resource's loads, newest first; `poll` while an upload is under way (to find the load it started). */
export const useLoads = (resourceId: string, poll = false) =>
  useQuery({
    queryKey: [PLATFORM, 'loads', resourceId],
    queryFn: () => request<{ items: LoadReport[] }>(resourcePath(resourceId, '/loads')),
    refetchInterval: poll ? 500 : false,
  });

/** One load's progress while it runs (rows read so far), then its report. */
export const useLoad = (id: string | null, poll: boolean) =>
  useQuery({
    queryKey: [PLATFORM, 'load', id],
    queryFn: () => request<LoadReport>(`/api/platform/loads/${encodeURIComponent(id ?? '')}`),
    enabled: id !== null,
    refetchInterval: poll ? 500 : false,
  });

/** A load refused or failed is a report too (an answer of 201): the resource, its loads and sample are read again. */
export const useLoadFile = (resourceId: string) =>
  usePlatformWrite(({ file, ...query }: LoadOptions & { file: File }) =>
    upload<LoadReport>(resourcePath(resourceId, '/loads'), file, file.name, query),
  );

/** The first rows the reader may read (personal fields masked unless a grant names them). */
export const useRecordSample = (resourceId: string, enabled: boolean, limit = 20) =>
  useQuery({
    queryKey: [PLATFORM, 'sample', resourceId, limit],
    queryFn: () => request<RecordPage>(resourcePath(resourceId, '/query'), { method: 'POST', body: { limit } }),
    enabled,
  });

export const useUsage = (resourceId: string) =>
  useQuery({ queryKey: [PLATFORM, 'usage', resourceId], queryFn: () => request<Usage>(resourcePath(resourceId, '/usage')) });

// ——— sharing ———

export const useRequestSharing = (resourceId: string) =>
  usePlatformWrite((body: In<typeof sharingRequestCreateSchema>) =>
    request<SharingRequestView>(resourcePath(resourceId, '/sharing-requests'), { method: 'POST', body }),
  );

export const useSharingRequests = (filters: SharingFilters) =>
  useQuery({
    queryKey: [PLATFORM, 'sharing', filters],
    queryFn: () => request<Out<typeof sharingListSchema>>('/api/platform/sharing-requests', { query: filters }),
  });

export const useSharingRequest = (id: string) =>
  useQuery({
    queryKey: [PLATFORM, 'sharing', 'detail', id],
    queryFn: () => request<SharingRequestView>(`/api/platform/sharing-requests/${encodeURIComponent(id)}`),
  });

export const useSharingTransition = () =>
  usePlatformWrite(({ id, ...body }: SharingDecision & { id: string }) =>
    request<SharingRequestView>(`/api/platform/sharing-requests/${encodeURIComponent(id)}/transitions`, { method: 'POST', body }),
  );

// ——— API keys ———

export const useApiKeys = () =>
  useQuery({ queryKey: [PLATFORM, 'api-keys'], queryFn: () => request<Out<typeof apiKeyListSchema>>('/api/platform/api-keys') });

export const useCreateApiKey = () =>
  usePlatformWrite((body: In<typeof apiKeyCreateSchema>) => request<ApiKeyCreated>('/api/platform/api-keys', { method: 'POST', body }));

export const useRevokeApiKey = () =>
  usePlatformWrite((id: string) => request<void>(`/api/platform/api-keys/${encodeURIComponent(id)}`, { method: 'DELETE' }));

// ——— 变更订阅 ———

export type Subscription = Out<typeof subscriptionSchema>;
export type Delivery = Out<typeof deliverySchema>;

/** Deliveries happen in the background: what shows them is read again every few seconds while it is on screen. */
const FOLLOW_MS = 3_000;

/** The department's subscriptions. */
export const useSubscriptions = () =>
  useQuery({
    queryKey: [PLATFORM, 'subscriptions'],
    queryFn: () => request<{ items: Subscription[] }>('/api/platform/subscriptions'),
    refetchInterval: FOLLOW_MS,
  });

export const useDeliveries = (id: string) =>
  useQuery({
    queryKey: [PLATFORM, 'subscriptions', id, 'deliveries'],
    queryFn: () => request<{ items: Delivery[] }>(`/api/platform/subscriptions/${encodeURIComponent(id)}/deliveries`),
    refetchInterval: FOLLOW_MS,
  });

export const useSubscribe = (resourceId: string) =>
  usePlatformWrite((body: In<typeof subscriptionCreateSchema>) =>
    request<Subscription & { secret: string }>(resourcePath(resourceId, '/subscriptions'), { method: 'POST', body }),
  );

export const useSubscriptionAction = () =>
  usePlatformWrite(({ id, action }: { id: string; action: SubscriptionAction }) =>
    request<Subscription>(`/api/platform/subscriptions/${encodeURIComponent(id)}/transitions`, {
      method: 'POST',
      body: { action },
    }),
  );
