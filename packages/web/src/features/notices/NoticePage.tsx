import { Alert, Button, Card, Result, Space, Spin, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { RecordTabs } from '../../components/RecordHistory';
import { Link, useParams } from 'react-router';
import { useNotice, useNoticeReceipts, usePublishNotice } from '../../api/notices';
import { ActionBar } from '../../components/ActionBar';
import { FilesCard } from '../../components/FilesCard';
import { Zh } from '../../components/Zh';
import { fmt, useI18n } from '../../i18n';
import { NoticeBody } from './NoticeBody';
import { NoticeForm } from './NoticeForm';

/** One notice: its text and files; for its sender, the publish button while a draft and the receipts once published. */
export function NoticePage() {
  const { t, m } = useI18n();
  const n = t.notices;
  const { id = '' } = useParams();
  const notice = useNotice(id);
  const publish = usePublishNotice(id);
  const x = notice.data;
  const receipts = useNoticeReceipts(id, Boolean(x?.mine && x.status === 'published'));
  const [editing, setEditing] = useState(false);
  if (notice.isPending) return <Spin size="large" />;
  if (notice.error) return <Result status="warning" title={notice.error.message} extra={<Link to="/app/notices">{n.title}</Link>} />;
  const rows = receipts.data?.items ?? [];
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        data-testid="notice-page"
        title={
          <Space wrap>
            <h1 style={{ fontSize: 16, margin: 0 }}>{n.title}</h1>
            <Tag data-testid="notice-status">{m.noticeStatus[notice.data.status]}</Tag>
          </Space>
        }
        extra={
          <Space wrap>
            {notice.data.mine && notice.data.status === 'draft' && (
              <Button data-testid="notice-edit" onClick={() => setEditing(true)}>
                {n.edit}
              </Button>
            )}
            <ActionBar
              actions={notice.data.actions}
              label={(a) => m.noticeAction[a as 'publish']}
              fire={(body, done) => publish.mutate(body, { onSuccess: done })}
              pendingAction={publish.isPending ? 'publish' : undefined}
              testIdPrefix="notice"
            />
          </Space>
        }
      >
        {publish.error && <Alert type="error" showIcon title={publish.error.message} />}
        <NoticeBody
          notice={notice.data}
          extra={
            notice.data.mine && (
              <Typography.Paragraph type="secondary">
                {n.audience}：{notice.data.audience.public && n.audiencePublic}{' '}
                {notice.data.audience.tiers.map((tier) => n.tiers[tier]).join('、')}{' '}
                {notice.data.audienceNames.map((name) => (
                  <Tag key={name}>
                    <Zh>{name}</Zh>
                  </Tag>
                ))}
              </Typography.Paragraph>
            )
          }
        />
      </Card>
      {editing && <NoticeForm notice={notice.data} onClose={() => setEditing(false)} />}
      <RecordTabs records="notices" id={id}>
        <Card size="small" title={n.attachments}>
          <FilesCard
            base={`/api/notices/${id}/files`}
            canUpload={notice.data.mine && notice.data.status === 'draft'}
            testId="notice-files"
          />
        </Card>
        {notice.data.mine && notice.data.status === 'published' && (
          <Card size="small" title={n.receipts} extra={fmt(n.readCount, { read: rows.filter((r) => r.readAt).length, total: rows.length })}>
            <Table
              data-testid="notice-receipts"
              rowKey="organisationId"
              size="small"
              loading={receipts.isPending}
              dataSource={rows}
              pagination={{ pageSize: 50, hideOnSinglePage: true }}
              columns={[
                { title: n.organisation, dataIndex: 'organisation', render: (v: string) => <Zh>{v}</Zh> },
                { title: n.readBy, dataIndex: 'readBy', render: (v: string | null) => (v ? <Zh>{v}</Zh> : <Tag>{n.notRead}</Tag>) },
                { title: n.readAt, dataIndex: 'readAt', render: (v: string | null) => (v ? new Date(v).toLocaleString() : '—') },
              ]}
            />
          </Card>
        )}
      </RecordTabs>
    </Space>
  );
}
