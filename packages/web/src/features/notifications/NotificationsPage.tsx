import { NOTIFICATION_SORT_KEYS, SUBJECT_TYPES, sortOrders, type SubjectType } from '@smartcity/domain';
import { Alert, Button, Card, List, Segmented, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useMarkAllRead, useMarkRead, useNotifications } from '../../api/notifications';
import type { NotificationItem } from '../../api/types';
import { subjectHref } from '../../components/subjectHref';
import { fmt, useI18n } from '../../i18n';
import { NoticeTitle } from './NoticeTitle';
import { emptyLocale } from '../../components/EmptyState';
import { beijingTime } from '../../components/time';

const PAGE_SIZE = 20;
const ORDERS = sortOrders(NOTIFICATION_SORT_KEYS);
type Order = (typeof ORDERS)[number];

/** 通知: every notification of the reader, filtered and paged, each opening its record; all can be marked read at once. */
export function NotificationsPage() {
  const { t } = useI18n();
  const n = t.notifications;
  const navigate = useNavigate();
  const [unread, setUnread] = useState(false);
  const [type, setType] = useState<SubjectType | undefined>();
  const [sort, setSort] = useState<Order>('-at');
  const [page, setPage] = useState(1);
  const list = useNotifications({ unread: unread ? 'true' : undefined, type, sort, page, pageSize: PAGE_SIZE });
  /** a changed filter or order starts again at page 1 */
  const refilter =
    <V,>(set: (v: V) => void) =>
    (v: V) => {
      set(v);
      setPage(1);
    };
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
          onChange={refilter((v) => setUnread(v === 'unread'))}
        />
        <Select<SubjectType>
          data-testid="notifications-type"
          aria-label={n.type}
          allowClear
          placeholder={n.type}
          style={{ minWidth: 160 }}
          value={type}
          options={SUBJECT_TYPES.map((s) => ({ value: s, label: n.types[s] }))}
          onChange={refilter(setType)}
        />
        <Select<Order>
          data-testid="notifications-sort"
          aria-label={n.order}
          style={{ minWidth: 160 }}
          value={sort}
          options={ORDERS.map((o) => ({ value: o, label: n.orders[o] }))}
          onChange={refilter(setSort)}
        />
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error.message} />}
      <List<NotificationItem>
        data-testid="notifications-page-list"
        loading={list.isFetching && !list.data}
        dataSource={list.data?.items ?? []}
        locale={emptyLocale(t.empty.notifications)}
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
                  <Typography.Text strong={!item.readAt}>
                    <NoticeTitle notice={item} />
                  </Typography.Text>
                </Space>
              }
              description={`${n.types[item.subjectType as SubjectType] ?? item.subjectType} · ${beijingTime(item.createdAt)}`}
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
