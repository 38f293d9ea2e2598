import type { Ctx } from '../../context.js';
import { partiesSigned } from '../../shared/signatures.js';
import { agreementAbilities, mayEverSign } from '../../tenancy/abilities.js';
import type { Todo } from '../todos/todo.js';
import { agreementRepository } from './agreements.repository.js';
import { SIGNED_VERSION } from './agreements.service.js';

/** A signatory of either party owes its signature while the agreement is out for signing. */
export async function todos(ctx: Ctx): Promise<Todo[]> {
  if (!mayEverSign(ctx.actor)) return [];
  const out = await agreementRepository.list(ctx.db, ctx.scope, { status: 'signing' });
  const signed = await partiesSigned(ctx.db, 'agreement', new Map(out.map((a) => [a.id, SIGNED_VERSION])));
  return out
    .filter((a) => agreementAbilities(ctx.actor, a, signed.get(a.id) ?? []).sign)
    .map((a) => ({
      kind: 'signAgreement',
      subjectType: 'agreement',
      subjectId: a.id,
      pilotId: null,
      pilotName: `${a.governmentName}共同推进智慧城市创建协议`,
      taskBookId: null,
      dueDate: null,
      overdue: false,
    }));
}
