import { acceptanceLifecycle, actionsFor, MESSAGES, type AcceptanceGuardContext, type ExpertChoice, type Lang } from '@smartcity/domain';
import type { z } from 'zod';
import type { Actor } from '../../tenancy/actor.js';
import { beijingDate } from '../../lib/clock.js';
import { acceptanceAbilities } from '../../tenancy/abilities.js';
import type { RatingView } from './acceptances.rating.js';
import type { AcceptanceHead } from './acceptances.repository.js';
import type { acceptanceSchema, acceptanceSummarySchema, publicRatingSchema } from '@smartcity/domain';
import type { PanelMember } from '../expert-panel/expert-panel.repository.js';
import { presentPanel } from '../expert-panel/expert-panel.presenter.js';

export function presentAcceptanceSummary(a: AcceptanceHead): z.infer<typeof acceptanceSummarySchema> {
  return {
    id: a.id,
    pilot: {
      id: a.pilotId,
      name: a.pilotName,
      provinceCode: a.provinceCode,
      provinceName: a.provinceName,
      batchYear: a.batchYear,
      status: a.pilotStatus,
    },
    taskBookId: a.taskBookId,
    status: a.status,
    version: a.version,
    stars: a.rating?.stars ?? null,
    updatedAt: a.updatedAt.toISOString(),
  };
}

export function presentAcceptance(
  a: AcceptanceHead,
  parts: { rating: RatingView; confirmed: boolean; panel: PanelMember[]; choices: ExpertChoice[] | null; guards: AcceptanceGuardContext },
  actor: Actor,
  lang: Lang,
): z.infer<typeof acceptanceSchema> {
  const mine = parts.panel.find((m) => m.expertUserId === actor.userId);
  return {
    ...presentAcceptanceSummary(a),
    selfAssessment: a.selfAssessment,
    rating: { ...parts.rating, confirmed: parts.confirmed },
    panel: presentPanel(parts.panel, actor, a.status !== 'expertReview', lang, parts.choices),
    // a guarded button is disabled with its reason: it tells the pilot what is still missing
    actions: actionsFor(acceptanceLifecycle, a.status, actor, parts.guards),
    abilities: acceptanceAbilities(actor, a, mine),
  };
}

export const presentPublicRating = (a: AcceptanceHead): z.infer<typeof publicRatingSchema> => ({
  pilotId: a.pilotId,
  publishedName: a.pilotName,
  provinceName: a.provinceName,
  batchYear: a.batchYear,
  stars: a.rating!.stars,
  ratingLabel: MESSAGES['zh-CN'].stars[a.rating!.stars],
  // published is final, so the row's last change is its publication
  publishedOn: beijingDate(a.updatedAt),
});
