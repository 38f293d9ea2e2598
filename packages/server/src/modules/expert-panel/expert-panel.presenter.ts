import { visibleReviews, type Panel, type PanelViewer } from '@smartcity/domain';
import type { PanelMember } from './expert-panel.repository.js';

/** The panel as a viewer may see it (blind review, see visibleReviews); the counts are for everyone in scope. */
export function presentPanel(members: PanelMember[], viewer: PanelViewer, closed: boolean): Panel {
  return {
    assigned: members.length,
    submitted: members.filter((m) => m.submittedAt !== null).length,
    closed,
    items: visibleReviews(members, viewer, closed).map(({ review: m, mine }) => ({
      id: m.id,
      mine,
      expert: { id: m.expertUserId, name: m.name },
      explanation: m.explanation,
      scores: m.scores,
      total: m.total,
      comment: m.comment,
      submittedAt: m.submittedAt?.toISOString() ?? null,
    })),
  };
}
