/** One thing an organisation owes or must decide, from any lifecycle. */
export interface Todo {
  kind: string;
  /** what it is about: its type and id, for the link */
  subjectType: string;
  subjectId: string | null;
  pilotId: string | null;
  /** the pilot's or applicant's name, or the subject's title */
  pilotName: string;
  taskBookId: string | null;
  dueDate: string | null;
  overdue: boolean;
}
