import { Result, Spin, Typography } from 'antd';
import { useParams } from 'react-router';
import { usePublicNotice } from '../../api/notices';
import { FileList } from '../../components/FilesCard';
import { useI18n } from '../../i18n';
import { NoticeBody } from '../notices/NoticeBody';
import { PublicShell } from './PublicShell';

/** A public notice's full text and its 附件, for anyone. */
export function PublicNoticePage() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  const notice = usePublicNotice(id);
  return (
    <PublicShell page={t.notices.title}>
      {notice.isPending && <Spin />}
      {notice.error && <Result status="warning" title={notice.error.message} />}
      {notice.data && (
        <>
          <NoticeBody notice={notice.data} />
          {notice.data.attachments.length > 0 && (
            <section>
              <Typography.Title level={3} style={{ fontSize: 16 }}>
                {t.notices.attachments}
              </Typography.Title>
              <FileList base={`/api/public/notices/${id}/files`} items={notice.data.attachments} testId="public-notice-files" />
            </section>
          )}
        </>
      )}
    </PublicShell>
  );
}
