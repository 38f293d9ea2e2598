import type { FieldChange, TextOp } from '@smartcity/domain';
import { Table } from 'antd';
import { useI18n } from '../i18n';

/** Deleted text struck through in red, added text in green. */
export function TextDiff({ ops }: { ops: TextOp[] }) {
  return (
    <span style={{ whiteSpace: 'pre-wrap' }}>
      {ops.map((o, i) =>
        o.op === '=' ? (
          <span key={i}>{o.text}</span>
        ) : o.op === '-' ? (
          <del key={i} style={{ color: '#cf1322', background: '#fff1f0' }}>
            {o.text}
          </del>
        ) : (
          <ins key={i} style={{ color: '#237804', background: '#f6ffed', textDecoration: 'none' }}>
            {o.text}
          </ins>
        ),
      )}
    </span>
  );
}

/** Changed fields, one a row: the field as the form names it, old → new, and for text what was removed and added. */
export function FieldChangesTable({ changes, testId }: { changes: FieldChange[]; testId?: string }) {
  const { t } = useI18n();
  const v = t.taskBook.versions;
  return (
    <Table<FieldChange>
      size="small"
      rowKey="path"
      pagination={false}
      dataSource={changes}
      data-testid={testId}
      columns={[
        { title: v.field, width: '25%', render: (_, c) => <span data-testid="diff-label">{c.label ?? c.path}</span> },
        { title: v.before, width: '22%', render: (_, c) => <span style={{ whiteSpace: 'pre-wrap' }}>{c.beforeText}</span> },
        { title: v.after, width: '22%', render: (_, c) => <span style={{ whiteSpace: 'pre-wrap' }}>{c.afterText}</span> },
        { title: v.change, render: (_, c) => (c.text ? <TextDiff ops={c.text} /> : null) },
      ]}
    />
  );
}
