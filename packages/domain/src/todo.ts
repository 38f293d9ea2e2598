import { z } from 'zod';

/** One thing an organisation owes (any lifecycle); subjectType and subjectId say where it links. */
export const todoSchema = z.object({
  kind: z.string(),
  subjectType: z.string(),
  subjectId: z.string().nullable(),
  pilotId: z.string().nullable(),
  pilotName: z.string(),
  taskBookId: z.string().nullable(),
  dueDate: z.string().nullable(),
  overdue: z.boolean(),
});
export type Todo = z.infer<typeof todoSchema>;
