import type { FieldDef } from '@smartcity/domain';
import { Alert, Descriptions, Table, Tag, Typography } from 'antd';
import type { LoadReport as Load } from '../../api/platform';
import { emptyLocale } from '../../components/EmptyState';
import { Zh } from '../../components/Zh';
import { fmt, useI18n } from '../../i18n';
import { FieldName } from './FieldName';

const STATUS_COLOURS: Record<Load['status'], string> = { running: 'processing', done: 'success', refused: 'error', failed: 'error' };

export function LoadStatusTag({ status }: { status: Load['status'] }) {
  const { t } = useI18n();
  return <Tag color={STATUS_COLOURS[status]}>{t.platform.loadStatus[status]}</Tag>;
}

/** The rows a load refused: by line in the file, field (its 中文名 and name) and the reason in the reader's language. */
export function LoadProblems({ load, fields, testId }: { load: Load; fields: FieldDef[]; testId: string }) {
  const { t, m } = useI18n();
  const p = t.platform;
  const fieldText = (name: string | null) => (name ? <FieldName field={fields.find((f) => f.name === name) ?? { name }} /> : '—');
  return (
    <Table<Load['problems'][number]>
      data-testid={testId}
      size="small"
      rowKey={(r, i) => `${r.line}-${r.field ?? ''}-${i}`}
      dataSource={load.problems}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      locale={emptyLocale(p.noProblems, undefined, true)}
      columns={[
        { title: p.line, dataIndex: 'line', width: 90 },
        { title: p.field, dataIndex: 'field', render: fieldText },
        {
          title: p.problem,
          dataIndex: 'problem',
          render: (x: string) => m.platform.valueProblem[x] ?? (x === 'encoding' ? p.encodingProblem : x),
        },
      ]}
    />
  );
}

/**
 * 装载报告: what a finished load did — loaded (all rows, or the good ones), refused whole (a bad row under
 * 全部或不装载), or failed — its counts, the file's encoding and SM3 digest, and every refused row.
 */
export function LoadReportView({ load, fields }: { load: Load; fields: FieldDef[] }) {
  const { t } = useI18n();
  const p = t.platform;
  const outcome =
    load.status === 'done'
      ? load.rejected > 0
        ? { type: 'warning' as const, text: fmt(p.loadedGood, { added: load.added, updated: load.updated, rejected: load.rejected }) }
        : { type: 'success' as const, text: fmt(p.loadedAll, { added: load.added, updated: load.updated, deleted: load.deleted }) }
      : load.status === 'refused'
        ? { type: 'error' as const, text: load.error === 'encoding' ? p.refusedEncoding : fmt(p.refusedAll, { rejected: load.rejected }) }
        : load.status === 'failed'
          ? { type: 'error' as const, text: fmt(p.loadFailed, { error: load.error ?? '' }) }
          : { type: 'info' as const, text: p.loadStatus.running };
  return (
    <div data-testid="load-report">
      <Alert type={outcome.type} showIcon title={outcome.text} style={{ marginBottom: 12 }} data-testid="load-outcome" />
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, md: 3 }}
        style={{ marginBottom: 12 }}
        items={[
          { key: 'file', label: p.fileName, children: load.fileName ? <Zh>{load.fileName}</Zh> : '—' },
          { key: 'read', label: p.rowsRead, children: load.rowsRead },
          { key: 'rejected', label: p.rejected, children: <span data-testid="load-rejected">{load.rejected}</span> },
          { key: 'added', label: p.added, children: load.added },
          { key: 'updated', label: p.updated, children: load.updated },
          { key: 'deleted', label: p.deleted, children: load.deleted },
          { key: 'encoding', label: p.encoding, children: load.encoding ?? '—' },
          {
            key: 'digest',
            label: p.digest,
            span: 2,
            children: load.digest ? (
              <Typography.Text code copyable style={{ wordBreak: 'break-all' }}>
                {load.digest}
              </Typography.Text>
            ) : (
              '—'
            ),
          },
        ]}
      />
      {load.problems.length > 0 && <LoadProblems load={load} fields={fields} testId="load-problems" />}
    </div>
  );
}
