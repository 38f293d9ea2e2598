import type { PublicNoticeSummary } from '@smartcity/domain';
import { Card, List, Typography } from 'antd';
import { Link } from 'react-router';
import { usePublicNotices } from '../../api/notices';
import { Zh } from '../../components/Zh';
import { useI18n } from '../../i18n';

const LATEST = 5;

/** 通知公告 on the portal: the newest public notices, each opening its full text. */
export function PublicNotices() {
  const { t } = useI18n();
  const notices = usePublicNotices();
  return (
    <Card title={t.portal.latestNotices} loading={notices.isPending} data-testid="public-notices">
      <PublicNoticeList items={(notices.data?.items ?? []).slice(0, LATEST)} />
    </Card>
  );
}

/** Public notices by title and 文号, newest first, each a link to its full text. */
export function PublicNoticeList({ items, testId }: { items: PublicNoticeSummary[]; testId?: string }) {
  const { t } = useI18n();
  return (
    <List
      data-testid={testId}
      size="small"
      dataSource={items}
      locale={{ emptyText: <Typography.Text type="secondary">{t.notices.empty}</Typography.Text> }}
      renderItem={(n) => (
        <List.Item key={n.id} extra={<Typography.Text type="secondary">{n.issuedOn}</Typography.Text>}>
          <Link to={`/notices/${n.id}`}>
            <Zh>{n.title}</Zh>
            {n.docNumber && (
              <>
                {' '}
                <Zh>（{n.docNumber}）</Zh>
              </>
            )}
          </Link>
        </List.Item>
      )}
    />
  );
}
