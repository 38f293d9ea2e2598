/** A record other rows hang off (reviews, signatures, attachments, expert scores), and the organisation that owns it. */
export interface Subject {
  type: 'taskBook' | 'application' | 'annualReport' | 'finding' | 'inspection' | 'acceptance' | 'agreement';
  id: string;
  /** the tenant: the pilot's or applicant's government, or the provincial government for agreements */
  ownerOrgId: string;
}
