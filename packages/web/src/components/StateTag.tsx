import { Tag } from 'antd';
import { useI18n } from '../i18n';

/** The shared label sets of the programme's lifecycles (packages/domain/src/i18n). */
export type StateLabels =
  | 'callStatus'
  | 'applicationStatus'
  | 'reportStatus'
  | 'rectificationStatus'
  | 'acceptanceStatus'
  | 'agreementStatus'
  | 'resourceStatus'
  | 'sharingStatus';

const COLOURS: Partial<Record<StateLabels, Record<string, string>>> = {
  callStatus: { draft: 'default', open: 'processing', closed: 'gold', published: 'success' },
  applicationStatus: {
    draft: 'processing',
    provinceReview: 'gold',
    expertReview: 'orange',
    designated: 'success',
    declined: 'default',
    rejected: 'error',
  },
  reportStatus: { draft: 'processing', provinceReview: 'gold', ministryReview: 'orange', accepted: 'success' },
  rectificationStatus: { open: 'error', answered: 'gold', closed: 'success' },
  acceptanceStatus: { draft: 'processing', expertReview: 'orange', confirmed: 'purple', published: 'success' },
  agreementStatus: { draft: 'processing', signing: 'purple', signed: 'success' },
  resourceStatus: { draft: 'processing', published: 'success', retired: 'default' },
  sharingStatus: { requested: 'gold', approved: 'success', refused: 'error', withdrawn: 'default', revoked: 'default' },
};

export function StateTag({ labels, status, testId }: { labels: StateLabels; status: string; testId?: string }) {
  const { m } = useI18n();
  const text = (m[labels] as Record<string, string>)[status] ?? status;
  return (
    <Tag color={COLOURS[labels]?.[status]} data-testid={testId}>
      {text}
    </Tag>
  );
}
