import { z } from 'zod';
import { queryInt } from './text.js';

/** One thing an organisation owes (any lifecycle); subjectType and subjectId say where it links. */
export const todoSchema = z.object({
  kind: z.string(),
  /** what it is about: its type and id, for the link */
  subjectType: z.string(),
  subjectId: z.string().nullable(),
  pilotId: z.string().nullable(),
  /** the pilot's or applicant's name, or the subject's title */
  pilotName: z.string(),
  taskBookId: z.string().nullable(),
  /** the year a yearly obligation is for (an annual report): a pilot can owe several years at once */
  year: z.number().int().optional(),
  dueDate: z.string().nullable(),
  overdue: z.boolean(),
});
export type Todo = z.infer<typeof todoSchema>;

/** A page of the to-dos, overdue first: a reviewer of the whole programme can owe thousands. */
export const todoListQuery = z.strictObject({
  page: queryInt(1, 100_000, 1),
  pageSize: queryInt(1, 200, 20),
});
export type TodoListQuery = z.infer<typeof todoListQuery>;

export const todoListSchema = z.object({
  items: z.array(todoSchema),
  total: z.number().int(),
  overdue: z.number().int(),
  /** how many of each kind, of all pages: what the organisation owes at a glance */
  kinds: z.array(z.object({ kind: z.string(), count: z.number().int(), overdue: z.number().int() })),
});
export type TodoList = z.infer<typeof todoListSchema>;
