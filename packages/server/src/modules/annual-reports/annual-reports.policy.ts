import { annualReportLifecycle } from '@smartcity/domain';
import type { Actor } from '../../tenancy/actor.js';
import type { ReportHead } from './annual-reports.repository.js';

/** Only the pilot's own editors change its report (content and evidence), and only while it is a draft. */
export function reportAbilities(actor: Actor, report: Pick<ReportHead, 'pilotId' | 'status'>) {
  const ownPilot = actor.tier === 'pilot' && actor.pilotId === report.pilotId;
  const editor = actor.roles.some((r) => r === 'editor' || r === 'admin');
  const edit = annualReportLifecycle.states[report.status].editableBy.includes(actor.tier) && ownPilot && editor;
  return { edit, addEvidence: edit };
}
