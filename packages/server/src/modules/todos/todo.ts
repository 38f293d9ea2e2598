/** One thing an organisation owes or must decide, from any lifecycle: the domain's schema is its one definition. */
export type { Todo } from '@smartcity/domain';
