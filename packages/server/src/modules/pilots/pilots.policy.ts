import { actionsFor, pilotLifecycle, type PilotStatus } from '@smartcity/domain';
import type { Actor } from '../../tenancy/actor.js';

/**
 * What an actor may do with a pilot it can already see (scope decided that).
 * Editing follows the lifecycle's editableBy for the current state; actions come from the lifecycle table.
 */
export function pilotAbilities(actor: Actor, status: PilotStatus) {
  return {
    edit: pilotLifecycle.states[status].editableBy.includes(actor.tier) && actor.roles.some((r) => r === 'admin' || r === 'editor'),
  };
}

export const pilotActions = (actor: Actor, status: PilotStatus) => actionsFor(pilotLifecycle, status, actor, undefined);
