import type { SubjectType } from '@smartcity/domain';

/** A record other rows hang off (reviews, signatures, attachments, expert scores), and the organisation that owns it. */
export interface Subject {
  type: SubjectType;
  id: string;
  /** the tenant: the pilot's or applicant's government, or the provincial government for agreements */
  ownerOrgId: string;
}
