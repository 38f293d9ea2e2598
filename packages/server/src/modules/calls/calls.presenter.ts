import {
  actionsFor,
  callLifecycle,
  DECLARATIONS,
  type ApplicationAttachmentKind,
  type CallGuardContext,
  type CallView,
} from '@smartcity/domain';
import type { Actor } from '../../tenancy/actor.js';
import type { CallRow } from './calls.repository.js';

export function presentCall(row: CallRow, actor: Actor, guards: CallGuardContext): CallView {
  return {
    id: row.id,
    year: row.year,
    name: row.name,
    title: row.title,
    opensOn: row.opensOn,
    closesOn: row.closesOn,
    quotaPerProvince: row.quotaPerProvince,
    taskBookDeadline: row.taskBookDeadline,
    requiredAttachments: row.requiredAttachments as ApplicationAttachmentKind[],
    declarations: [...DECLARATIONS],
    rubric: row.rubric,
    status: row.status,
    version: row.version,
    actions: actionsFor(callLifecycle, row.status, actor, guards),
  };
}
