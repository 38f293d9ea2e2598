import { TASK_BOOK_SECTIONS, type TaskBookContent } from '@smartcity/domain';
import { canonicalJson, sm3 } from '../../lib/canonical.js';
import type { Subject } from '../../shared/subject.js';
import type { TaskBookSummaryRow } from './task-books.repository.js';

/** The content of a task book from its eight section rows. */
export function contentOf(sections: { n: number; content: unknown }[]): TaskBookContent {
  return Object.fromEntries(TASK_BOOK_SECTIONS.map((s) => [s.key, sections.find((x) => x.n === s.n)?.content])) as TaskBookContent;
}

export const digestOfContent = (content: TaskBookContent) => sm3(canonicalJson(content));

/** The task book as the subject of reviews, signatures and attachments; its tenant is the pilot's government. */
export const subjectOf = (head: Pick<TaskBookSummaryRow, 'id' | 'pilotOrgId'>): Subject => ({
  type: 'taskBook',
  id: head.id,
  ownerOrgId: head.pilotOrgId,
});
