import { localSectionHeading, TASK_BOOK_SECTIONS } from '@smartcity/domain';
import { App } from 'antd';
import { useTaskBookTransition } from '../../api/taskBooks';
import type { TaskBookView } from '../../api/types';
import { ReasonedActions } from '../../components/ReasonedActions';
import { useI18n } from '../../i18n';

/** One button per lifecycle action the server offers this user now; returns ask for reasons, by section if wished. */
export function TaskBookActions({ book }: { book: TaskBookView }) {
  const { t, m, lang } = useI18n();
  const { message } = App.useApp();
  const transition = useTaskBookTransition(book.id);
  return (
    <ReasonedActions
      actions={book.actions}
      label={(action) => (m.taskBookAction as Record<string, string>)[action] ?? action}
      items={TASK_BOOK_SECTIONS.map((s) => ({
        id: String(s.n),
        name: localSectionHeading(lang, s, false),
        testId: `return-reason-${s.n}`,
      }))}
      itemsTitle={t.taskBook.sectionReason}
      testIds={{ button: (a) => `tb-action-${a}`, reason: 'return-reason', confirm: 'return-confirm' }}
      pendingAction={transition.isPending ? transition.variables?.action : undefined}
      fire={({ action, reason, itemReasons }) =>
        transition
          .mutateAsync({
            action,
            ...(reason ? { reason } : {}),
            ...(itemReasons ? { sectionReasons: itemReasons.map((r) => ({ section: Number(r.item), text: r.text })) } : {}),
          })
          .then(
            () => (void message.success(t.actionDone), true),
            (err: Error) => (void message.error(err.message), false),
          )
      }
    />
  );
}
