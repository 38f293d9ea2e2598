import { TodoCard } from './TodoCard';

/** 待办 on its own (applicants have no registry to show it on). */
export function TodosPage() {
  return <TodoCard />;
}
