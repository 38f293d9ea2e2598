import { App } from 'antd';
import { usePilotTransition } from '../../api/pilots';
import type { PilotDetail } from '../../api/types';
import { ActionBar } from '../../components/ActionBar';
import { useI18n } from '../../i18n';

/** One button per lifecycle action the server offers this user now (pilot-action-<action>). */
export function PilotActions({ pilot }: { pilot: PilotDetail }) {
  const { m } = useI18n();
  const { message } = App.useApp();
  const transition = usePilotTransition(pilot.id);
  return (
    <ActionBar
      actions={pilot.actions}
      testIdPrefix="pilot-action"
      label={(action) => (m.pilotAction as Record<string, string>)[action] ?? action}
      pendingAction={transition.isPending ? transition.variables?.action : undefined}
      fire={(body, done) => transition.mutate(body, { onSuccess: done, onError: (err) => void message.error(err.message) })}
    />
  );
}
