import { Card, Table, Typography } from 'antd';
import type { FieldChangeView, ReportView } from '../../api/types';
import { useI18n } from '../../i18n';

const show = (v: unknown) => (v === null || v === undefined || v === '' ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v));

/** 退回后的修改: every field the pilot changed since the report was sent back, in words (item name · field). */
export function ReportChanges({ report }: { report: ReportView }) {
  const { t } = useI18n();
  const r = t.report;
  const changes = report.changedSinceReturn;
  if (changes === null) return null;
  const FIELD: Record<string, string> = {
    actual: r.actual,
    source: r.source,
    quality: r.quality,
    evidence: r.evidence,
    state: r.state,
    percentComplete: r.percent,
    platform: r.platform,
    narrative: r.narrative,
    government: `${r.spent} · ${t.taskBook.tasks.government}`,
    social: `${r.spent} · ${t.taskBook.tasks.social}`,
    bank: `${r.spent} · ${t.taskBook.tasks.bank}`,
    other: `${r.spent} · ${t.taskBook.tasks.other}`,
  };
  const nameOf = (id: string) =>
    report.content.indicators.find((i) => i.id === id)?.name ?? report.content.projects.find((p) => p.id === id)?.name ?? id;
  const describe = (path: string) => {
    const item = /\[#([^\]]+)\]/.exec(path)?.[1];
    const leaf = path
      .replace(/\[[^\]]*\]/g, '')
      .split('.')
      .filter(Boolean);
    const field = leaf.at(-1) ?? path;
    return [item ? nameOf(item) : null, FIELD[field] ?? field].filter(Boolean).join(' · ');
  };
  return (
    <Card title={r.changes} size="small" style={{ marginBottom: 24 }} data-testid="report-changes">
      {changes.length === 0 ? (
        <Typography.Text type="secondary">{r.noChanges}</Typography.Text>
      ) : (
        <Table<FieldChangeView>
          size="small"
          rowKey="path"
          pagination={false}
          dataSource={changes}
          columns={[
            { title: r.indicator, key: 'path', render: (_, c) => describe(c.path) },
            {
              title: t.taskBook.versions.before,
              key: 'before',
              render: (_, c) => <Typography.Text delete>{show(c.before)}</Typography.Text>,
            },
            { title: t.taskBook.versions.after, key: 'after', render: (_, c) => <Typography.Text mark>{show(c.after)}</Typography.Text> },
          ]}
        />
      )}
    </Card>
  );
}
