import type { PilotStatus } from '@smartcity/domain';
import { Tag } from 'antd';
import { useI18n } from '../../i18n';

const COLOURS: Record<PilotStatus, string> = {
  designated: 'blue',
  creating: 'processing',
  underAcceptance: 'gold',
  accepted: 'success',
  failed: 'error',
  revoked: 'default',
};

export function StatusTag({ status, testId }: { status: PilotStatus; testId?: string }) {
  const { m } = useI18n();
  return (
    <Tag color={COLOURS[status]} data-testid={testId}>
      {m.pilotStatus[status]}
    </Tag>
  );
}
