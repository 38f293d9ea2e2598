import type { Ctx } from '../../context.js';
import { signaturesOf } from '../../shared/signatures.js';
import type { Todo } from '../todos/todo.js';
import { agreementPartyOf } from './agreements.policy.js';
import { agreementRepository } from './agreements.repository.js';
import { agreementSubject, SIGNED_VERSION } from './agreements.service.js';

/** A signatory of either party owes its signature while the agreement is out for signing. */
export async function todos(ctx: Ctx): Promise<Todo[]> {
  if (!ctx.actor.roles.includes('signatory') || !(ctx.actor.tier === 'ministry' || ctx.actor.tier === 'provincialGovernment')) return [];
  const items: Todo[] = [];
  for (const a of await agreementRepository.list(ctx.db, ctx.scope, { status: 'signing' })) {
    const party = agreementPartyOf(ctx.actor, a);
    if (!party) continue;
    const signed = await signaturesOf(ctx.db, agreementSubject(a), SIGNED_VERSION);
    if (signed.some((s) => s.party === party)) continue;
    items.push({
      kind: 'signAgreement',
      subjectType: 'agreement',
      subjectId: a.id,
      pilotId: null,
      pilotName: `${a.governmentName}共同推进智慧城市创建协议`,
      taskBookId: null,
      dueDate: null,
      overdue: false,
    });
  }
  return items;
}
