import { panelExplanation, type PanelReview } from '@smartcity/domain';
import { useI18n } from '../i18n';
import { Named } from './Zh';

/** Why an expert is on a panel, worded here in the reader's language (the home province named as it is). */
export function Explanation({ review }: { review: Pick<PanelReview, 'basis' | 'explanation'> }) {
  const { lang } = useI18n();
  if (!review.basis) return <span lang="zh-CN">{review.explanation}</span>; // recorded before the basis was kept: its words
  return <Named text={panelExplanation(lang, review.basis)} names={[review.basis.homeProvince]} />;
}
