import { auditActionText, type RecordHistory } from '@smartcity/domain';
import { Alert, Card, Spin, Table, Tabs, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useRecordHistory } from '../api/audit';
import { fmt, useI18n } from '../i18n';
import { FieldChangesTable } from './FieldChanges';
import { beijingTime } from './time';
import { Zh } from './Zh';
import { useAddress } from './useAddress';

type Entry = RecordHistory['entries'][number];

/**
 * A record's page as two tabs: the record, and its 历史 (who did what and when, verified in the audit chain). The
 * history loads only when opened; `?tab=history` opens it (a link from the audit log can).
 */
export function RecordTabs({ records, id, children }: { records: string; id: string; children: ReactNode }) {
  const { t } = useI18n();
  const { params, update } = useAddress();
  const tab = params.get('tab') === 'history' ? 'history' : 'record';
  const choose = (key: string) => update({ tab: key === 'history' ? 'history' : null }, { replace: true });
  return (
    <Tabs
      activeKey={tab}
      onChange={choose}
      items={[
        { key: 'record', label: t.history.record, children },
        {
          key: 'history',
          label: <span data-testid="history-tab">{t.history.tab}</span>,
          children: tab === 'history' ? <HistoryPanel records={records} id={id} /> : null,
        },
      ]}
    />
  );
}

/** Who: the person's name (or the account, for one since renamed or the system) and their organisation. */
export function Actor({ entry }: { entry: Pick<Entry, 'actor' | 'organisation'> }) {
  const { t } = useI18n();
  const name = entry.actor.name ?? (entry.actor.userId ? entry.actor.username : t.auditLog.system);
  return (
    <span>
      <Zh>{name}</Zh>
      {entry.organisation && (
        <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
          <Zh>{entry.organisation.name}</Zh>
        </Typography.Text>
      )}
    </span>
  );
}

function HistoryPanel({ records, id }: { records: string; id: string }) {
  const { t, lang } = useI18n();
  const h = t.history;
  const history = useRecordHistory(records, id);
  if (history.isPending) return <Spin />;
  if (history.error) return <Alert type="error" showIcon title={history.error.message} />;
  const { entries, ok, pending } = history.data;
  const withChanges = entries.filter((e) => e.changes?.length).map((e) => e.seq);
  return (
    <Card title={h.title} data-testid="history">
      <Alert
        data-testid="history-verification"
        type={ok ? 'success' : 'error'}
        showIcon
        style={{ marginBottom: 16 }}
        title={ok ? fmt(h.verifiedAll, { n: entries.length }) : h.failed}
      />
      {pending && (
        <div data-testid="history-pending" style={{ marginBottom: 16 }}>
          <Typography.Title level={2} style={{ fontSize: 16 }}>
            {pending.version === null ? h.pendingSinceReturn : fmt(h.pendingSince, { n: pending.version })}
          </Typography.Title>
          <FieldChangesTable changes={pending.changes} />
        </div>
      )}
      <Table<Entry>
        size="small"
        rowKey="seq"
        pagination={false}
        dataSource={[...entries].reverse()}
        data-testid="history-entries"
        onRow={(e) => ({ 'data-testid': 'history-entry', 'data-problem': e.problem ?? '' }) as React.HTMLAttributes<HTMLElement>}
        expandable={{
          defaultExpandedRowKeys: withChanges,
          rowExpandable: (e) => Boolean(e.changes?.length),
          expandedRowRender: (e) => <FieldChangesTable changes={e.changes ?? []} />,
        }}
        columns={[
          { title: t.auditLog.time, key: 'at', width: 150, render: (_, e) => beijingTime(e.at) },
          { title: t.auditLog.who, key: 'who', render: (_, e) => <Actor entry={e} /> },
          {
            title: t.auditLog.action,
            key: 'action',
            render: (_, e) => (
              <span>
                {auditActionText(lang, e.action)}
                {e.version !== null && (
                  <Tag color="blue" style={{ marginInlineStart: 8 }}>
                    {fmt(h.version, { n: e.version })}
                  </Tag>
                )}
              </span>
            ),
          },
          {
            title: h.digest,
            key: 'digest',
            render: (_, e) => {
              const digest = e.afterDigest ?? e.beforeDigest ?? e.hash;
              return (
                <Typography.Text code copyable={{ text: digest }} style={{ fontSize: 12 }}>
                  {digest.slice(0, 12)}…
                </Typography.Text>
              );
            },
          },
          {
            title: t.audit.title,
            key: 'verified',
            render: (_, e) => (e.problem ? <Tag color="red">{t.audit.problems[e.problem]}</Tag> : <Tag color="green">{h.entryOk}</Tag>),
          },
        ]}
      />
    </Card>
  );
}
