import type { TaskBookStatus } from '@smartcity/domain';
import { Tag } from 'antd';
import { useI18n } from '../../i18n';

const COLOURS: Record<TaskBookStatus, string> = {
  draft: 'processing',
  provinceReview: 'gold',
  ministryReview: 'orange',
  signing: 'purple',
  signed: 'success',
};

export function TaskBookStatusTag({ status, testId }: { status: TaskBookStatus; testId?: string }) {
  const { m } = useI18n();
  return (
    <Tag color={COLOURS[status]} data-testid={testId}>
      {m.taskBookStatus[status]}
    </Tag>
  );
}
