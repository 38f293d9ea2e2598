import type { Ctx } from '../../context.js';
import type { Todo } from '../todos/todo.js';

export async function todos(_ctx: Ctx): Promise<Todo[]> {
  return [];
}
