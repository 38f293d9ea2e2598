/** Where a to-do or a notification about a subject opens. */
const PAGES: Record<string, string> = {
  taskBook: 'task-books',
  application: 'applications',
  call: 'calls',
  annualReport: 'annual-reports',
  inspection: 'inspections',
  finding: 'findings',
  acceptance: 'acceptances',
  agreement: 'agreements',
  extension: 'extensions',
  notice: 'notices',
  pilot: 'pilots',
  applicant: 'applicants',
  sharingRequest: 'platform/sharing-requests',
};

export function subjectHref(subjectType: string, subjectId: string | null, fallbackPilotId?: string | null): string {
  const page = PAGES[subjectType];
  if (page && subjectId) return `/app/${page}/${subjectId}`;
  if (page && page !== 'findings') return `/app/${page}`;
  return fallbackPilotId ? `/app/pilots/${fallbackPilotId}` : '/app';
}
