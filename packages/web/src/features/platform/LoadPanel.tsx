import { UploadOutlined } from '@ant-design/icons';
import type { FieldDef } from '@smartcity/domain';
import { Alert, Button, Card, Form, Progress, Radio, Space, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useLoad, useLoadFile, useLoads, type LoadOptions, type LoadReport } from '../../api/platform';
import { timeColumn } from '../../components/columns';
import { emptyLocale } from '../../components/EmptyState';
import { Zh } from '../../components/Zh';
import { fmt, useI18n } from '../../i18n';
import { LoadProblems, LoadReportView, LoadStatusTag } from './LoadReport';

/** Bytes read at each of three places in a file to estimate its lines: the progress bar's whole. */
const SAMPLE_BYTES = 32 * 1024;

/** About how many data rows a file holds, from its line length at its start, middle and end (a CSV's header not counted). */
async function estimateRows(file: File): Promise<number> {
  const starts = [0, Math.max(0, file.size / 2 - SAMPLE_BYTES / 2), Math.max(0, file.size - SAMPLE_BYTES)].map(Math.floor);
  let bytes = 0;
  let newlines = 0;
  for (const start of new Set(starts)) {
    const part = new Uint8Array(await file.slice(start, start + SAMPLE_BYTES).arrayBuffer());
    bytes += part.length;
    newlines += part.reduce((n, b) => n + (b === 0x0a ? 1 : 0), 0);
  }
  const lines = Math.max(1, Math.round((Math.max(newlines, 1) * file.size) / Math.max(bytes, 1)));
  return /\.csv$/i.test(file.name) ? Math.max(1, lines - 1) : lines;
}

/**
 * 批量装载: the provider chooses a file (.csv in UTF-8 or GB18030, .jsonl, or .xlsx), how it applies (upsert by key, or
 * replace everything) and what a bad row does (refuse the file, or load the good rows). While the upload runs the bar
 * follows the load's rows read (GET /api/platform/loads/:id); then its report, bad rows by line and field.
 */
export function LoadPanel({ resourceId, fields }: { resourceId: string; fields: FieldDef[] }) {
  const { t } = useI18n();
  const p = t.platform;
  const [file, setFile] = useState<File | null>(null);
  const [options, setOptions] = useState<LoadOptions>({ mode: 'upsert', policy: 'all' });
  const [estimate, setEstimate] = useState<number | null>(null);
  const [before, setBefore] = useState<ReadonlySet<string>>(new Set());
  const send = useLoadFile(resourceId);
  const uploading = send.isPending;
  // the upload's answer comes when the load ends: meanwhile the loads list names the load it started, then that load is polled
  const loads = useLoads(resourceId, uploading);
  const runningId = uploading ? (loads.data?.items.find((l) => l.status === 'running' && !before.has(l.id))?.id ?? null) : null;
  const running = useLoad(runningId, uploading);
  const rowsRead = running.data?.rowsRead ?? 0;

  const start = () => {
    if (!file) return;
    setBefore(new Set(loads.data?.items.map((l) => l.id)));
    send.mutate({ file, ...options });
  };
  return (
    <Card title={p.load} style={{ marginBottom: 24 }} data-testid="load-panel">
      <Typography.Paragraph type="secondary">{p.loadHelp}</Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label={p.file}>
          <Space wrap data-testid="load-file">
            <Upload
              accept=".csv,.jsonl,.ndjson,.xlsx"
              showUploadList={false}
              disabled={uploading}
              beforeUpload={(chosen) => {
                setFile(chosen);
                setEstimate(null);
                send.reset();
                // a workbook is compressed: its bytes say nothing of its rows, so its bar counts rows read without a whole
                if (!/\.xlsx$/i.test(chosen.name)) void estimateRows(chosen).then(setEstimate);
                return false;
              }}
            >
              <Button icon={<UploadOutlined />} disabled={uploading} data-testid="load-choose">
                {p.chooseFile}
              </Button>
            </Upload>
            <Typography.Text data-testid="load-file-name">{file ? <Zh>{file.name}</Zh> : p.noFile}</Typography.Text>
          </Space>
        </Form.Item>
        {(
          [
            ['mode', p.mode, p.modes],
            ['policy', p.policy, p.policies],
          ] as const
        ).map(([key, label, choices]) => (
          <Form.Item key={key} label={label}>
            <Radio.Group
              data-testid={`load-${key}`}
              value={options[key]}
              onChange={(e) => setOptions({ ...options, [key]: e.target.value as string })}
              options={Object.entries(choices).map(([value, text]) => ({ value, label: text }))}
            />
          </Form.Item>
        ))}
        <Button type="primary" data-testid="load-start" disabled={!file} loading={uploading} onClick={start}>
          {p.startLoad}
        </Button>
      </Form>
      {uploading && (
        <div style={{ marginTop: 16 }} data-testid="load-progress">
          <Progress
            percent={estimate ? Math.min(99, Math.round((rowsRead / estimate) * 100)) : 0}
            status="active"
            aria-label={p.progressLabel}
          />
          <Typography.Text type="secondary">
            {estimate ? fmt(p.progressOf, { rows: rowsRead, total: estimate }) : fmt(p.progress, { rows: rowsRead })}
          </Typography.Text>
        </div>
      )}
      {send.error && <Alert type="error" showIcon style={{ marginTop: 16 }} title={send.error.message} data-testid="load-error" />}
      {send.data && (
        <div style={{ marginTop: 16 }}>
          <LoadReportView load={send.data} fields={fields} />
        </div>
      )}
    </Card>
  );
}

/** 装载记录: the resource's loads, newest first; a load's refused rows open under its row (the provider's alone). */
export function LoadHistory({ resourceId, fields }: { resourceId: string; fields: FieldDef[] }) {
  const { t } = useI18n();
  const p = t.platform;
  const loads = useLoads(resourceId);
  return (
    <Card title={p.loads} style={{ marginBottom: 24 }}>
      {loads.error && <Alert type="error" showIcon title={loads.error.message} />}
      <Table<LoadReport>
        data-testid="load-history"
        rowKey="id"
        size="small"
        loading={loads.isPending}
        dataSource={loads.data?.items}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={emptyLocale(p.emptyLoads, undefined, true)}
        expandable={{
          rowExpandable: (l) => l.problems.length > 0,
          expandedRowRender: (l) => <LoadProblems load={l} fields={fields} testId="load-history-problems" />,
        }}
        columns={[
          timeColumn<LoadReport>(p.startedAt, 'startedAt'),
          { title: p.fileName, dataIndex: 'fileName', render: (v: string | null) => (v ? <Zh>{v}</Zh> : '—') },
          { title: p.mode, dataIndex: 'mode', render: (v: LoadReport['mode']) => p.modes[v] },
          { title: p.policy, dataIndex: 'policy', render: (v: LoadReport['policy']) => p.policies[v] },
          { title: t.filters.status, dataIndex: 'status', render: (s: LoadReport['status']) => <LoadStatusTag status={s} /> },
          { title: p.rowsRead, dataIndex: 'rowsRead', align: 'right' },
          { title: p.added, dataIndex: 'added', align: 'right' },
          { title: p.updated, dataIndex: 'updated', align: 'right' },
          { title: p.deleted, dataIndex: 'deleted', align: 'right' },
          { title: p.rejected, dataIndex: 'rejected', align: 'right' },
        ]}
      />
    </Card>
  );
}
