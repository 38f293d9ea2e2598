import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, List, Popover, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useMarkRead, useNotifications } from '../../api/notifications';
import type { NotificationItem } from '../../api/types';
import { subjectHref } from '../../components/subjectHref';
import { useI18n } from '../../i18n';
import { NoticeTitle } from './NoticeTitle';
import { emptyLocale } from '../../components/EmptyState';
import { beijingTime } from '../../components/time';

/** The bell in the header: unread count; a click opens the list, and a notification opens its subject (and is read). */
export function NotificationBell() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const list = useNotifications({ pageSize: 10 });
  const markRead = useMarkRead();
  const [open, setOpen] = useState(false);
  const unread = list.data?.unread ?? 0;

  const openItem = (n: NotificationItem) => {
    if (!n.readAt) markRead.mutate(n.id);
    setOpen(false);
    void navigate(subjectHref(n.subjectType, n.subjectId));
  };

  const content = (
    <>
      <List<NotificationItem>
        data-testid="notification-list"
        size="small"
        style={{ width: 380, maxHeight: 420, overflow: 'auto' }}
        dataSource={list.data?.items ?? []}
        locale={emptyLocale(t.empty.notifications, undefined, true)}
        renderItem={(n) => (
          <List.Item data-testid="notification-item" key={n.id} style={{ cursor: 'pointer' }} onClick={() => openItem(n)}>
            <div>
              <Typography.Text strong={!n.readAt}>
                <NoticeTitle notice={n} />
              </Typography.Text>
              <div>
                <Typography.Text type="secondary">{beijingTime(n.createdAt)}</Typography.Text>
              </div>
            </div>
          </List.Item>
        )}
      />
      <Button
        type="link"
        block
        data-testid="notifications-view-all"
        onClick={() => {
          setOpen(false);
          void navigate('/app/notifications');
        }}
      >
        {t.notifications.viewAll}
      </Button>
    </>
  );

  return (
    <Popover trigger="click" open={open} onOpenChange={setOpen} title={t.notifications.title} content={content} placement="bottomRight">
      <Badge count={unread} size="small">
        <Button data-testid="notifications" data-unread={unread} icon={<BellOutlined />} aria-label={t.notifications.title} />
      </Badge>
    </Popover>
  );
}
