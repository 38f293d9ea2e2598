import { App } from 'antd';
import { useAnnualReportTransition } from '../../api/annualReports';
import type { ReportView } from '../../api/types';
import { ReasonedActions } from '../../components/ReasonedActions';
import { useI18n } from '../../i18n';

/**
 * One button per action the server offers (report-action-<action>). A return asks for a general reason and/or
 * reasons per indicator or project; `beforeFire` saves unsaved edits first (a submit sends what is stored).
 */
export function ReportActions({ report, beforeFire }: { report: ReportView; beforeFire: () => Promise<boolean> }) {
  const { t, m } = useI18n();
  const { message } = App.useApp();
  const transition = useAnnualReportTransition(report.id);
  const items = [
    ...report.content.indicators.map((i, k) => ({
      id: i.id,
      name: `${m.indicatorCategory[i.category]} ${i.name}`,
      testId: `item-reason-ind-${k}`,
    })),
    ...report.content.projects.map((p, k) => ({ id: p.id, name: `${t.report.project} ${p.name}`, testId: `item-reason-proj-${k}` })),
  ];
  return (
    <ReasonedActions
      actions={report.actions}
      label={(action) => (m.reportAction as Record<string, string>)[action] ?? action}
      items={items}
      itemsTitle={t.report.itemReasons}
      testIds={{ button: (a) => `report-action-${a}`, reason: 'action-reason', confirm: 'action-confirm' }}
      pendingAction={transition.isPending ? transition.variables.action : undefined}
      fire={async (body) => {
        if (!(await beforeFire())) return false;
        return transition.mutateAsync(body).then(
          () => (void message.success(t.actionDone), true),
          (err: Error) => (void message.error(err.message), false),
        );
      }}
    />
  );
}
