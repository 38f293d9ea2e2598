import type { Todo, TodoList } from '@smartcity/domain';

/** One thing an organisation owes or must decide, from any lifecycle: the domain's schema is its one definition. */
export type { Todo } from '@smartcity/domain';

/** How many to-dos of a kind, and how many of them overdue, over all pages. */
export type KindCount = TodoList['kinds'][number];

/**
 * What a module answers for the to-do list: every to-do it derives, or — where they can be thousands (a year of reports
 * waiting for the Ministry) — the first `upTo` of them in the list's order, with the count of each kind over all.
 */
export type Provided = Todo[] | { first: Todo[]; kinds: KindCount[] };

/** Each to-do as a count of one of its kind (the list adds them up). */
export const countsOf = (todos: Todo[]): KindCount[] => todos.map((t) => ({ kind: t.kind, count: 1, overdue: Number(t.overdue) }));
