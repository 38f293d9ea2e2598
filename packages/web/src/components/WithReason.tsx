import { Space, Typography } from 'antd';
import type { ReactNode } from 'react';

/** A disabled control with the reason beside it (`<testId>` on the reason), or the control alone when there is none. */
export function WithReason({ reason, testId, children }: { reason: string | null; testId: string; children: ReactNode }) {
  if (!reason) return children;
  return (
    <Space size={6}>
      {children}
      <Typography.Text type="secondary" data-testid={testId}>
        {reason}
      </Typography.Text>
    </Space>
  );
}
