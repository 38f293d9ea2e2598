import { sectionHeading, TASK_BOOK_SECTIONS, type FieldChange, type TextOp } from '@smartcity/domain';
import { Alert, Card, Empty, List, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTaskBookDiff, useTaskBookVersions, type VersionRef } from '../../api/taskBooks';
import type { TaskBookView } from '../../api/types';
import { fmt, useI18n } from '../../i18n';

const show = (v: unknown) => (v === null || v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v));

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
          <ins key={i} style={{ color: '#389e0d', background: '#f6ffed', textDecoration: 'none' }}>
            {o.text}
          </ins>
        ),
      )}
    </span>
  );
}

/** Frozen versions (one per submission) and a section-by-section comparison of any two, or of one with the draft. */
export function VersionsCard({ book }: { book: TaskBookView }) {
  const { t } = useI18n();
  const v = t.taskBook.versions;
  const versions = useTaskBookVersions(book.id);
  const items = versions.data?.items ?? [];
  const refs: VersionRef[] = [...items.map((x) => x.number), ...(book.status === 'draft' && items.length ? (['draft'] as const) : [])];
  const [from, setFrom] = useState<VersionRef>();
  const [to, setTo] = useState<VersionRef>();
  const effTo = to ?? refs.at(-1);
  const effFrom = from ?? refs.at(-2);
  const diff = useTaskBookDiff(book.id, effFrom, effTo);
  const label = (r: VersionRef) => (r === 'draft' ? t.taskBook.draftVersion : fmt(t.taskBook.versionLabel, { n: r }));
  const options = refs.map((r) => ({ value: r, label: label(r) }));

  return (
    <Card id="versions" title={v.title} data-testid="versions" style={{ marginBottom: 24 }}>
      {versions.error && <Alert type="error" showIcon title={versions.error.message} />}
      {items.length === 0 ? (
        <Empty description={v.none} />
      ) : (
        <>
          <List
            size="small"
            dataSource={items}
            renderItem={(x) => (
              <List.Item data-testid="version-item">
                <Space wrap>
                  <Typography.Text strong>{label(x.number)}</Typography.Text>
                  {x.amendment && <Tag color="orange">{v.amendment}</Tag>}
                  <Typography.Text type="secondary">{x.createdAt.slice(0, 16).replace('T', ' ')}</Typography.Text>
                  <Typography.Text code copyable={{ text: x.digest }} style={{ fontSize: 12 }}>
                    {x.digest.slice(0, 16)}…
                  </Typography.Text>
                </Space>
              </List.Item>
            )}
          />
          {refs.length > 1 && (
            <Space wrap style={{ margin: '16px 0' }}>
              {v.from}
              <Select<VersionRef> data-testid="diff-from" style={{ width: 120 }} value={effFrom} onChange={setFrom} options={options} />
              {v.to}
              <Select<VersionRef> data-testid="diff-to" style={{ width: 120 }} value={effTo} onChange={setTo} options={options} />
            </Space>
          )}
          <div data-testid="diff-view">
            {diff.isFetching && <Spin />}
            {diff.error && <Alert type="error" showIcon title={diff.error.message} />}
            {diff.data && diff.data.sections.length === 0 && <Typography.Text type="secondary">{v.noChanges}</Typography.Text>}
            {diff.data?.sections.map((s) => {
              const meta = TASK_BOOK_SECTIONS.find((x) => x.n === s.section);
              return (
                <div key={s.section} style={{ marginBottom: 16 }}>
                  <Typography.Title level={5}>{meta ? sectionHeading(meta) : s.section}</Typography.Title>
                  <Table<FieldChange>
                    size="small"
                    rowKey="path"
                    pagination={false}
                    dataSource={s.changes}
                    columns={[
                      { title: 'path', dataIndex: 'path', width: 220, render: (p: string) => <Typography.Text code>{p}</Typography.Text> },
                      { title: v.before, width: '25%', render: (_, c) => <span style={{ whiteSpace: 'pre-wrap' }}>{show(c.before)}</span> },
                      { title: v.after, width: '25%', render: (_, c) => <span style={{ whiteSpace: 'pre-wrap' }}>{show(c.after)}</span> },
                      { title: '', render: (_, c) => (c.text ? <TextDiff ops={c.text} /> : null) },
                    ]}
                  />
                </div>
              );
            })}
          </div>
        </>
      )}
    </Card>
  );
}
