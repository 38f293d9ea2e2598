import { panelExplanation, visibleReviews, type ExpertChoice, type Lang, type Panel, type PanelViewer } from '@smartcity/domain';
import type { PanelMember } from './expert-panel.repository.js';

/** The panel as a viewer may see it (blind review, see visibleReviews); the counts are for everyone in scope. */
export function presentPanel(
  members: PanelMember[],
  viewer: PanelViewer,
  closed: boolean,
  lang: Lang,
  /** from expertPanel.choices: null for viewers who do not assign */
  choices: ExpertChoice[] | null,
): Panel {
  return {
    choices,
    assigned: members.length,
    submitted: members.filter((m) => m.submittedAt !== null).length,
    closed,
    items: visibleReviews(members, viewer, closed).map(({ review: m, mine }) => {
      // a draft is its expert's alone: nobody else sees scores that are not submitted
      const shown = mine || m.submittedAt !== null;
      return {
        id: m.id,
        mine,
        expert: { id: m.expertUserId, name: m.name },
        explanation: m.basis ? panelExplanation(lang, m.basis) : m.explanation,
        basis: m.basis,
        scores: shown ? m.scores : null,
        total: shown ? m.total : null,
        comment: shown ? m.comment : null,
        noConflictDeclaredAt: m.noConflictDeclaredAt?.toISOString() ?? null,
        submittedAt: m.submittedAt?.toISOString() ?? null,
      };
    }),
  };
}
