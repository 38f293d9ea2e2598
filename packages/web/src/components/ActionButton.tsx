import type { ActionViewT } from '@smartcity/domain';
import { Button, Space, Typography } from 'antd';
import { useI18n } from '../i18n';

/** The guard's reason in the reader's language (the same catalog as the server's refusals). */
export function useReasonText() {
  const { m } = useI18n();
  return (code: string) => (m.errors as Record<string, string>)[code]?.replace('{field}', '') ?? code;
}

/**
 * A lifecycle action as the server offers it: returns and rejections in red, and a button the server would
 * refuse is disabled with its reason beside it, instead of failing when pressed.
 */
export function ActionButton({
  view,
  label,
  testId,
  loading,
  onClick,
}: {
  view: ActionViewT;
  label: string;
  testId: string;
  loading?: boolean;
  onClick(): void;
}) {
  const reasonText = useReasonText();
  const warn = view.kind === 'return' || view.kind === 'reject';
  const button = (
    <Button
      data-testid={testId}
      type={warn ? 'default' : 'primary'}
      danger={warn}
      disabled={!view.enabled}
      loading={loading}
      onClick={onClick}
    >
      {label}
    </Button>
  );
  if (view.enabled || !view.reason) return button;
  return (
    <Space size={6}>
      {button}
      <Typography.Text type="secondary" data-testid={`${testId}-reason`}>
        {reasonText(view.reason)}
      </Typography.Text>
    </Space>
  );
}
