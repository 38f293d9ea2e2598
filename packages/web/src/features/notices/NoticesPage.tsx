import type { NoticeSummary } from '@smartcity/domain';
import { Button, Card, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useNotices } from '../../api/notices';
import { useSession } from '../../api/session';
import { Zh } from '../../components/Zh';
import { useI18n } from '../../i18n';
import { ExportButtons } from '../../components/ExportButtons';
import { NoticeForm } from './NoticeForm';

/** 通知公告: those the reader's organisation sent (drafts too) and those sent to it, unread marked. */
export function NoticesPage() {
  const { t, m } = useI18n();
  const n = t.notices;
  const list = useNotices();
  const can = useSession().data?.can.sendNotice ?? false;
  const [composing, setComposing] = useState(false);
  return (
    <Card
      title={<h1 style={{ fontSize: 16, margin: 0 }}>{n.title}</h1>}
      extra={
        <Space wrap>
          {can && (
            <Button type="primary" data-testid="notice-new" onClick={() => setComposing(true)}>
              {n.new}
            </Button>
          )}
          <ExportButtons list="/api/notices" query={{}} />
        </Space>
      }
    >
      <Table<NoticeSummary>
        data-testid="notice-list"
        rowKey="id"
        size="small"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: n.empty }}
        columns={[
          {
            title: n.noticeTitle,
            key: 'title',
            render: (_, r) => (
              <>
                {!r.read && <Tag color="red">{n.unread}</Tag>}
                <Link to={`/app/notices/${r.id}`} data-testid="notice-link">
                  <Zh>{r.title}</Zh>
                </Link>
              </>
            ),
          },
          { title: n.docNumber, dataIndex: 'docNumber', render: (v: string | null) => (v ? <Zh>{v}</Zh> : '—') },
          { title: n.issuer, dataIndex: 'issuer', render: (v: string) => <Zh>{v}</Zh> },
          { title: n.issuedOn, dataIndex: 'issuedOn' },
          { title: t.filters.status, dataIndex: 'status', render: (s: NoticeSummary['status']) => m.noticeStatus[s] },
        ]}
      />
      {composing && <NoticeForm onClose={() => setComposing(false)} />}
    </Card>
  );
}
