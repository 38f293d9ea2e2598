import { SUBJECT_TYPES, type SubjectType } from '@smartcity/domain';
import { Alert, Button, Card, Empty, List, Segmented, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useMarkAllRead, useMarkRead, useNotifications } from '../../api/notifications';
import type { NotificationItem } from '../../api/types';
import { subjectHref } from '../../components/subjectHref';
import { fmt, useI18n } from '../../i18n';

const PAGE_SIZE = 20;

/** 通知: every notification of the reader, filtered and paged, each opening its record; all can be marked read at once. */
export function NotificationsPage() {
  const { t } = useI18n();
  const n = t.notifications;
  const navigate = useNavigate();
  const [unread, setUnread] = useState(false);
  const [type, setType] = useState<SubjectType | undefined>();
  const [page, setPage] = useState(1);
  const list = useNotifications({ unread: unread ? 'true' : undefined, type, page, pageSize: PAGE_SIZE });
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const open = (item: NotificationItem) => {
    if (!item.readAt) markRead.mutate(item.id);
    void navigate(subjectHref(item.subjectType, item.subjectId));
  };
  return (
    <Card
      title={
        <Typography.Title level={1} style={{ fontSize: 18, margin: 0 }}>
          {n.title}
        </Typography.Title>
      }
      extra={
        <Button
          data-testid="notifications-read-all"
          disabled={!list.data?.unread}
          loading={markAll.isPending}
          onClick={() => markAll.mutate(undefined)}
        >
          {n.markAllRead}
        </Button>
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Segmented
          aria-label={n.show}
          value={unread ? 'unread' : 'all'}
          options={[
            { value: 'all', label: n.all },
            { value: 'unread', label: fmt(n.unread, { n: list.data?.unread ?? 0 }) },
          ]}
          onChange={(v) => {
            setUnread(v === 'unread');
            setPage(1);
          }}
        />
        <Select<SubjectType>
          data-testid="notifications-type"
          aria-label={n.type}
          allowClear
          placeholder={n.type}
          style={{ minWidth: 160 }}
          value={type}
          options={SUBJECT_TYPES.map((s) => ({ value: s, label: n.types[s] }))}
          onChange={(v) => {
            setType(v);
            setPage(1);
          }}
        />
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error.message} />}
      <List<NotificationItem>
        data-testid="notifications-page-list"
        loading={list.isFetching && !list.data}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={n.empty} /> }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: list.data?.total ?? 0,
          onChange: setPage,
          showSizeChanger: false,
          hideOnSinglePage: true,
        }}
        renderItem={(item) => (
          <List.Item
            data-testid="notifications-page-item"
            data-read={item.readAt ? 'true' : 'false'}
            actions={[
              <Button key="open" type="link" onClick={() => open(item)}>
                {n.open}
              </Button>,
            ]}
          >
            <List.Item.Meta
              title={
                <Space>
                  {!item.readAt && <Tag color="blue">{n.new}</Tag>}
                  <Typography.Text strong={!item.readAt}>{item.title}</Typography.Text>
                </Space>
              }
              description={`${n.types[item.subjectType as SubjectType] ?? item.subjectType} · ${item.createdAt.slice(0, 16).replace('T', ' ')}`}
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
