import type { ActionViewT } from '@smartcity/domain';
import { App, Space } from 'antd';
import { useState } from 'react';
import { useI18n } from '../i18n';
import { ActionButton } from './ActionButton';
import { asksFirst, DecisionDialog } from './DecisionDialog';

export interface ActionBarProps {
  /** the actions the server offers this user now, each enabled or with the reason it is not */
  actions: ActionViewT[];
  label: (action: string) => string;
  /** the reason's label in the modal (e.g. 初审报告 for a forward) */
  reasonLabel?: (action: string) => string;
  fire: (body: { action: string; reason?: string }, done: () => void) => void;
  pendingAction?: string | undefined;
  /** buttons are `<prefix>-<action>` */
  testIdPrefix: string;
}

/** One button per action; a decision or one needing a reason is confirmed first with its text (action-reason, action-confirm). */
export function ActionBar({ actions, label, reasonLabel, fire, pendingAction, testIdPrefix }: ActionBarProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [asking, setAsking] = useState<ActionViewT | null>(null);
  const done = () => {
    setAsking(null);
    void message.success(t.actionDone);
  };
  if (actions.length === 0) return null;
  return (
    <>
      <Space wrap>
        {actions.map((view) => (
          <ActionButton
            key={view.action}
            view={view}
            label={label(view.action)}
            testId={`${testIdPrefix}-${view.action}`}
            loading={pendingAction === view.action && asking === null}
            onClick={() => (asksFirst(view) ? setAsking(view) : fire({ action: view.action }, done))}
          />
        ))}
      </Space>
      <DecisionDialog
        asking={asking}
        label={label}
        reasonLabel={reasonLabel}
        pending={pendingAction !== undefined && pendingAction === asking?.action}
        onCancel={() => setAsking(null)}
        onSubmit={(reason) => asking && fire({ action: asking.action, reason }, done)}
      />
    </>
  );
}
