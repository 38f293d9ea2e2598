import { Empty } from 'antd';
import type { ReactNode } from 'react';
import { fmt } from '../i18n';
import type { UiMessages } from '../i18n/zh-CN';

/**
 * An empty list or card: antd's illustration, a sentence saying what would appear here, and, where the reader can create it,
 * the action that does.
 */
export function EmptyState({ description, action, compact }: { description: string; action?: ReactNode; compact?: boolean }) {
  return (
    <Empty data-testid="empty-state" description={description} image={compact ? Empty.PRESENTED_IMAGE_SIMPLE : undefined}>
      {action}
    </Empty>
  );
}

/** The same for a Table's or List's `locale`; compact (the smaller illustration) in small cards and dropdowns. */
export const emptyLocale = (description: string, action?: ReactNode, compact?: boolean) => ({
  emptyText: <EmptyState description={description} action={action} compact={compact} />,
});

/** An empty table of rows in a form (a task book's section): the add button below while editable, "nothing entered" once read. */
export function rowsEmpty(t: UiMessages, readOnly: boolean, addLabel: string) {
  return emptyLocale(readOnly ? t.empty.rowsReadOnly : fmt(t.empty.rows, { add: addLabel }), undefined, true);
}
