import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type {
  Dashboard,
  DashboardQuery,
  IndicatorAnalytics,
  IndicatorAnalyticsQuery,
  PilotDashboard,
  PilotProgress,
} from '@smartcity/domain';
import { request } from './client';

const DASHBOARD = 'dashboard';

export function useDashboard(query: DashboardQuery) {
  return useQuery({
    queryKey: [DASHBOARD, 'figures', query],
    queryFn: () => request<Dashboard>('/api/dashboard', { query: { ...query } }),
    placeholderData: keepPreviousData,
  });
}

export function usePilotProgress(query: DashboardQuery, enabled: boolean) {
  return useQuery({
    queryKey: [DASHBOARD, 'pilots', query],
    queryFn: () => request<PilotProgress>('/api/dashboard/pilots', { query: { ...query } }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function usePilotDashboard(pilotId: string) {
  return useQuery({
    queryKey: [DASHBOARD, 'pilot', pilotId],
    queryFn: () => request<PilotDashboard>(`/api/pilots/${encodeURIComponent(pilotId)}/dashboard`),
  });
}

export function useIndicatorAnalytics(query: Partial<IndicatorAnalyticsQuery>) {
  return useQuery({
    queryKey: [DASHBOARD, 'indicator', query],
    queryFn: () => request<IndicatorAnalytics>('/api/indicator-analytics', { query: { ...query } }),
    placeholderData: keepPreviousData,
    enabled: Boolean(query.indicator),
  });
}
