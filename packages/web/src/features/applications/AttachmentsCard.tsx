import { DeleteOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { APPLICATION_ATTACHMENTS } from '@smartcity/domain';
import { Alert, App, Button, Card, Space, Table, Typography } from 'antd';
import { useRef } from 'react';
import { applicationAttachmentHref, useDeleteApplicationAttachment, useUploadApplicationAttachment } from '../../api/calls';
import type { ApplicationDetail } from '../../api/types';
import { fmt, useI18n } from '../../i18n';

const KINDS = APPLICATION_ATTACHMENTS;
const kb = (n: number) => `${Math.max(1, Math.round(n / 1024))} KB`;

/** 申报材料 by kind: the files uploaded, an upload button per kind while editable, and what is still missing. */
export function AttachmentsCard({ app }: { app: ApplicationDetail }) {
  const { t, m } = useI18n();
  const a = t.application;
  const kindLabel = (k: string) => (m.attachmentKind as Record<string, string>)[k] ?? k;
  return (
    <Card title={a.attachments} style={{ marginBottom: 24 }} data-testid="attachments">
      {app.missingAttachments.length > 0 ? (
        <Alert
          data-testid="missing-attachments"
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={fmt(a.missing, { list: app.missingAttachments.map(kindLabel).join('、') })}
        />
      ) : (
        <Alert data-testid="missing-attachments" type="success" showIcon style={{ marginBottom: 16 }} title={a.allPresent} />
      )}
      <Table
        size="small"
        pagination={false}
        rowKey="kind"
        dataSource={KINDS.map((kind) => ({ kind, files: app.attachments.filter((f) => f.kind === kind) }))}
        columns={[
          {
            title: t.org.type,
            dataIndex: 'kind',
            width: 180,
            render: (k: string) => (
              <span>
                {kindLabel(k)}
                {app.missingAttachments.includes(k as never) && <Typography.Text type="danger"> *</Typography.Text>}
              </span>
            ),
          },
          {
            title: a.attachments,
            key: 'files',
            render: (_, row) => (
              <Space direction="vertical" size={2} data-testid={`attachments-${row.kind}`}>
                {row.files.map((f) => (
                  <FileLine key={f.id} app={app} file={f} />
                ))}
              </Space>
            ),
          },
          { title: '', key: 'upload', width: 120, render: (_, row) => app.abilities.edit && <UploadButton app={app} kind={row.kind} /> },
        ]}
      />
    </Card>
  );
}

function FileLine({ app, file }: { app: ApplicationDetail; file: ApplicationDetail['attachments'][number] }) {
  const remove = useDeleteApplicationAttachment(app.id);
  const { message } = App.useApp();
  return (
    <Space>
      <a href={applicationAttachmentHref(app.id, file.id)}>
        <PaperClipOutlined /> {file.filename}
      </a>
      <Typography.Text type="secondary">{kb(file.size)}</Typography.Text>
      {app.abilities.edit && (
        <Button
          size="small"
          type="text"
          danger
          icon={<DeleteOutlined />}
          loading={remove.isPending}
          onClick={() => remove.mutate(file.id, { onError: (err) => void message.error(err.message) })}
        />
      )}
    </Space>
  );
}

function UploadButton({ app, kind }: { app: ApplicationDetail; kind: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const input = useRef<HTMLInputElement>(null);
  const uploadFile = useUploadApplicationAttachment(app.id);
  return (
    <>
      <input
        ref={input}
        type="file"
        data-testid={`upload-input-${kind}`}
        accept=".pdf,.doc,.docx,.xls,.xlsx,.png,.jpg,.jpeg"
        style={{ display: 'none' }}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) uploadFile.mutate({ kind, file }, { onError: (err) => void message.error(err.message) });
        }}
      />
      <Button
        size="small"
        icon={<UploadOutlined />}
        data-testid={`upload-${kind}`}
        loading={uploadFile.isPending}
        onClick={() => input.current?.click()}
      >
        {t.application.upload}
      </Button>
    </>
  );
}
