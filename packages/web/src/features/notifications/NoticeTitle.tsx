import { noticeText } from '@smartcity/domain';
import type { NotificationItem } from '../../api/types';
import { Named } from '../../components/Zh';
import { useI18n } from '../../i18n';

/** A notification's words, made here from its code and parameters in the reader's language (the names stay as named). */
export function NoticeTitle({ notice }: { notice: Pick<NotificationItem, 'kind' | 'params' | 'title'> }) {
  const { lang } = useI18n();
  const text = noticeText(lang, notice.kind, notice.params);
  // a code without a template (a notice from before codes) keeps the words it was stored with
  return <Named text={text === notice.kind ? notice.title : text} names={Object.values(notice.params)} />;
}
