import { localSectionHeading, TASK_BOOK_SECTIONS } from '@smartcity/domain';
import { Alert, Card, List, Select, Space, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTaskBookDiff, useTaskBookVersions, type VersionRef } from '../../api/taskBooks';
import type { TaskBookView } from '../../api/types';
import { fmt, useI18n } from '../../i18n';
import { EmptyState } from '../../components/EmptyState';
import { FieldChangesTable } from '../../components/FieldChanges';
import { beijingTime } from '../../components/time';

/** Frozen versions (one per submission) and a section-by-section comparison of any two, or of one with the draft. */
export function VersionsCard({ book }: { book: TaskBookView }) {
  const { t, lang } = useI18n();
  const v = t.taskBook.versions;
  const versions = useTaskBookVersions(book.id);
  const items = versions.data?.items ?? [];
  const refs: VersionRef[] = [...items.map((x) => x.number), ...(book.status === 'draft' && items.length ? (['draft'] as const) : [])];
  const [from, setFrom] = useState<VersionRef>();
  const [to, setTo] = useState<VersionRef>();
  const effTo = to ?? refs.at(-1);
  const effFrom = from ?? refs.at(-2);
  const diff = useTaskBookDiff(book.id, effFrom, effTo, lang);
  const label = (r: VersionRef) => (r === 'draft' ? t.taskBook.draftVersion : fmt(t.taskBook.versionLabel, { n: r }));
  const options = refs.map((r) => ({ value: r, label: label(r) }));

  return (
    <Card id="versions" title={v.title} data-testid="versions" style={{ marginBottom: 24 }}>
      {versions.error && <Alert type="error" showIcon title={versions.error.message} />}
      {items.length === 0 ? (
        <EmptyState description={t.empty.versions} />
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
                  <Typography.Text type="secondary">{beijingTime(x.createdAt)}</Typography.Text>
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
                  <Typography.Title level={5}>{meta ? localSectionHeading(lang, meta) : s.section}</Typography.Title>
                  <FieldChangesTable changes={s.changes} testId={`diff-section-${s.section}`} />
                </div>
              );
            })}
          </div>
        </>
      )}
    </Card>
  );
}
