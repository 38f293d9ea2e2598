import type { PublicNoticeSummary } from '@smartcity/domain';
import { Card, Typography } from 'antd';
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

/**
 * Public notices by title and 文号, newest first, each a link to its full text. A plain list: antd's List brings its
 * pagination and select into the portal's first load for five lines.
 */
export function PublicNoticeList({ items, testId }: { items: PublicNoticeSummary[]; testId?: string }) {
  const { t } = useI18n();
  if (items.length === 0)
    return (
      <Typography.Text type="secondary" data-testid={testId}>
        {t.notices.empty}
      </Typography.Text>
    );
  return (
    <ul data-testid={testId} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {items.map((n, i) => (
        <li
          key={n.id}
          style={{
            display: 'flex',
            justifyContent: 'space-between',
            gap: 16,
            padding: '8px 0',
            borderTop: i ? '1px solid #f0f0f0' : undefined,
          }}
        >
          <Link to={`/notices/${n.id}`}>
            <Zh>{n.title}</Zh>
            {n.docNumber && (
              <>
                {' '}
                <Zh>（{n.docNumber}）</Zh>
              </>
            )}
          </Link>
          <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
            {n.issuedOn}
          </Typography.Text>
        </li>
      ))}
    </ul>
  );
}
