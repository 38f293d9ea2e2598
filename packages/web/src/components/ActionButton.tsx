import type { ActionViewT } from '@smartcity/domain';
import { Button } from 'antd';
import { useI18n } from '../i18n';
import { WithReason } from './WithReason';

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
  return (
    <WithReason reason={view.enabled || !view.reason ? null : reasonText(view.reason)} testId={`${testId}-reason`}>
      {button}
    </WithReason>
  );
}
