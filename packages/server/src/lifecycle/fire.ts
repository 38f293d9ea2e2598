import { can, type Lifecycle } from '@smartcity/domain';
import { getTableName, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { appendAudit } from '../audit/audit.js';
import type { Clock } from '../lib/clock.js';
import { AppError } from '../lib/errors.js';
import type { Actor } from '../tenancy/actor.js';
import { STATUS_TABLES } from './status-tables.js';

export interface FireRequest<S extends string, A extends string, C> {
  lifecycle: Lifecycle<S, A, C>;
  id: string;
  state: S;
  action: string;
  reason?: string | null | undefined;
  guardContext: C;
}

/**
 * The only code that writes a status column. Checks the table (party, role, state, guard, reason),
 * moves the row with a compare-and-set on the old state (a concurrent move → 409) and audits,
 * all inside the caller's transaction.
 */
export async function fire<S extends string, A extends string, C>(
  tx: Tx,
  actor: Actor & { party?: string | null },
  clock: Clock,
  req: FireRequest<S, A, C>,
): Promise<S> {
  const decision = can(req.lifecycle, req.state, req.action, actor, req.guardContext, req.reason);
  if (!decision.ok) {
    // a missing reason is the reason field's fault, so the form shows it there
    const field = decision.reason === 'reasonRequired' ? 'reason' : 'action';
    throw new AppError(decision.status, decision.reason === 'wrongState' ? 'wrong_state' : decision.reason, field, {
      state: req.state,
    });
  }
  const to = req.lifecycle.actions[req.action as A].to;
  const statusTable = STATUS_TABLES[req.lifecycle.name];
  if (!statusTable) throw new Error(`no status table for lifecycle ${req.lifecycle.name}`);
  const table = sql.identifier(getTableName(statusTable));
  const moved = await tx.execute(
    sql`update ${table} set status = ${to}, version = version + 1, updated_at = ${clock.now()}
        where id = ${req.id} and status = ${req.state} returning id`,
  );
  if (moved.rows.length === 0) throw new AppError(409, 'wrong_state', 'action', { state: req.state });
  await appendAudit(
    tx,
    actor,
    {
      action: `${req.lifecycle.name}.${req.action}`,
      targetType: req.lifecycle.name,
      targetId: req.id,
      before: { status: req.state },
      after: { status: to, reason: req.reason ?? null },
    },
    clock,
  );
  return to;
}

/** Locks a lifecycle's row for the rest of the transaction: concurrent actions on one record queue here. */
export async function lockRecord(tx: Tx, lifecycle: { name: string }, id: string) {
  const table = sql.identifier(getTableName(STATUS_TABLES[lifecycle.name]!));
  await tx.execute(sql`select 1 from ${table} where id = ${id} for update`);
}
