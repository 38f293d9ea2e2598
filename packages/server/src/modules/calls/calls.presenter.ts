import { available, callLifecycle, DECLARATIONS, type ApplicationAttachmentKind, type CallView } from '@smartcity/domain';
import type { Actor } from '../../tenancy/actor.js';
import type { CallRow } from './calls.repository.js';

export function presentCall(row: CallRow, actor: Actor): CallView {
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
    // publish shows as a button once closed; its guard (undecided applications) answers when pressed
    actions: available(callLifecycle, row.status, actor, { pending: 0 }),
  };
}
