import { Card, List, Typography } from 'antd';
import { Link } from 'react-router';
import { useNotices } from '../../api/notices';
import { Zh } from '../../components/Zh';
import { useI18n } from '../../i18n';

/** On every landing page: the notices the reader's organisation has not opened yet (nothing when all are read). */
export function UnreadNoticesCard() {
  const { t } = useI18n();
  const n = t.notices;
  const unread = (useNotices().data?.items ?? []).filter((i) => !i.read);
  if (unread.length === 0) return null;
  return (
    <Card size="small" title={n.unreadTitle} extra={<Link to="/app/notices">{n.viewAll}</Link>} style={{ marginBottom: 24 }}>
      <List
        data-testid="unread-notices"
        size="small"
        dataSource={unread.slice(0, 5)}
        renderItem={(i) => (
          <List.Item key={i.id}>
            <Link to={`/app/notices/${i.id}`}>
              <Zh>{i.title}</Zh>
            </Link>
            <Typography.Text type="secondary">{i.issuedOn}</Typography.Text>
          </List.Item>
        )}
      />
    </Card>
  );
}
