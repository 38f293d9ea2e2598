import type { Dashboard, DashboardQuery, OverdueRow } from '@smartcity/domain';
import type { ButtonProps } from 'antd';
import { Alert, App, Button, Card, Form, Input, Modal, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useGrantExtensions, useRemindDeadlines } from '../../api/extensions';
import { ApiError } from '../../api/client';
import { DateField } from '../../components/DateField';
import { Zh } from '../../components/Zh';
import { fmt, useI18n } from '../../i18n';
import { ExportButtons } from '../../components/ExportButtons';

type Item = Dashboard['overdue']['items'][number];
const HREF: Record<Item['kind'], string> = {
  taskBook: '/app/task-books/',
  report: '/app/annual-reports/',
  rectification: '/app/findings/',
};
const keyOf = (o: Item) => `${o.kind}-${o.subjectId ?? o.pilot.id}-${o.dueDate}`;
/** The row as the bulk actions name it: a report by its pilot and year (it may not be started), a finding by its id. */
const rowOf = (o: Item): OverdueRow => ({
  kind: o.kind,
  pilotId: o.pilot.id,
  ...(o.kind === 'report' && o.year !== null ? { year: o.year } : {}),
  ...(o.kind === 'rectification' && o.subjectId ? { subjectId: o.subjectId } : {}),
});

/**
 * What is overdue now, oldest first; each row opens its record (or the pilot, when the record was never started).
 * Whoever may act on them selects rows: 延期 (one date, one reason) and 催办 — each all or none, the server naming
 * any row it refuses.
 */
export function OverdueList({
  overdue,
  abilities,
  query,
}: {
  overdue: Dashboard['overdue'];
  abilities: Dashboard['abilities'];
  query: DashboardQuery;
}) {
  const { t } = useI18n();
  const b = t.dashboard.bulk;
  const { message } = App.useApp();
  const [selected, setSelected] = useState<Item[]>([]);
  const [extending, setExtending] = useState(false);
  const [refused, setRefused] = useState<{ item: Item; message: string }[]>([]);
  const remind = useRemindDeadlines();
  const selectable = abilities.extend || abilities.remind;

  /** The server refused some rows: say which and why, by the rows sent. */
  const onRefused = (sent: Item[]) => (err: Error) => {
    if (err instanceof ApiError && err.rows.length) setRefused(err.rows.map((r) => ({ item: sent[r.index]!, message: r.message })));
    else void message.error(err.message);
  };
  const done = () => {
    setSelected([]);
    setRefused([]);
  };
  const sendReminders = () => {
    const sent = selected;
    Modal.confirm({
      title: b.remindTitle,
      content: fmt(b.remindConfirm, { count: sent.length }),
      okText: b.remind,
      cancelText: t.cancel,
      okButtonProps: { 'data-testid': 'overdue-remind-confirm' } as ButtonProps,
      onOk: () =>
        remind.mutateAsync({ rows: sent.map(rowOf) }).then((res) => {
          done();
          void message.success(fmt(b.reminded, { count: res.notified }));
        }, onRefused(sent)),
    });
  };

  const columns: TableColumnsType<Item> = [
    { title: t.dashboard.dueDate, dataIndex: 'dueDate' },
    {
      title: t.dashboard.item,
      key: 'kind',
      render: (_, o) => (
        <Link to={o.subjectId ? HREF[o.kind] + o.subjectId : `/app/pilots/${o.pilot.id}`}>{t.dashboard.overdueKind[o.kind]}</Link>
      ),
    },
    {
      title: t.dashboard.pilot,
      key: 'pilot',
      render: (_, o) => (
        <Link to={`/app/pilots/${o.pilot.id}`}>
          <Zh>{o.pilot.name}</Zh>
        </Link>
      ),
    },
    { title: t.dashboard.province, key: 'province', render: (_, o) => <Zh>{o.provinceName}</Zh> },
  ];
  return (
    <Card
      size="small"
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{t.dashboard.overdue}</h2>}
      extra={
        <Space wrap>
          <ExportButtons list="/api/dashboard/overdue" query={query} />
          {selectable && (
            <>
              <Typography.Text type="secondary" data-testid="overdue-selected">
                {fmt(b.selected, { count: selected.length })}
              </Typography.Text>
              <Button
                data-testid="overdue-extend"
                disabled={!abilities.extend || selected.length === 0}
                title={abilities.extend ? undefined : b.ministryOnly}
                onClick={() => setExtending(true)}
              >
                {b.extend}
              </Button>
              <Button
                data-testid="overdue-remind"
                disabled={!abilities.remind || selected.length === 0}
                loading={remind.isPending}
                onClick={sendReminders}
              >
                {b.remind}
              </Button>
            </>
          )}
        </Space>
      }
    >
      {refused.length > 0 && (
        <Alert
          type="error"
          showIcon
          closable={{ onClose: () => setRefused([]) }}
          data-testid="overdue-refused"
          style={{ marginBottom: 12 }}
          title={b.refused}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {refused.map(({ item, message }) => (
                <li key={keyOf(item)}>
                  <Zh>{item.pilot.name}</Zh> {t.dashboard.overdueKind[item.kind]} — {message}
                </li>
              ))}
            </ul>
          }
        />
      )}
      <Table<Item>
        data-testid="overdue-table"
        rowKey={keyOf}
        size="small"
        // no horizontal scroll: its measuring row would repeat the select-all box where screen readers cannot reach it
        columns={columns}
        dataSource={overdue.items}
        rowSelection={
          selectable
            ? {
                selectedRowKeys: selected.map(keyOf),
                onChange: (_, rows) => setSelected(rows),
                // the pilot's name is Chinese in any language: the label names the row by its kind and date
                getCheckboxProps: (o) => ({ 'aria-label': fmt(b.select, { item: `${t.dashboard.overdueKind[o.kind]} ${o.dueDate}` }) }),
              }
            : undefined
        }
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        footer={() =>
          fmt(overdue.total > overdue.items.length ? t.dashboard.overdueTotal : t.dashboard.overdueAll, {
            total: overdue.total,
            shown: overdue.items.length,
          })
        }
      />
      {extending && (
        <ExtendDialog
          items={selected}
          onClose={() => setExtending(false)}
          onDone={(count) => {
            done();
            void message.success(fmt(b.extended, { count }));
          }}
          onRefused={onRefused(selected)}
        />
      )}
    </Card>
  );
}

/** 延期: one date and one reason for every selected row. */
function ExtendDialog({
  items,
  onClose,
  onDone,
  onRefused,
}: {
  items: Item[];
  onClose: () => void;
  onDone: (count: number) => void;
  onRefused: (err: Error) => void;
}) {
  const { t } = useI18n();
  const b = t.dashboard.bulk;
  const grant = useGrantExtensions();
  const [form] = Form.useForm<{ until: string; reason: string }>();
  return (
    <Modal
      open
      title={b.extendTitle}
      okText={b.extend}
      cancelText={t.cancel}
      confirmLoading={grant.isPending}
      okButtonProps={{ 'data-testid': 'overdue-extend-confirm' } as ButtonProps}
      onCancel={onClose}
      onOk={() => form.submit()}
    >
      <Typography.Paragraph type="secondary">{fmt(b.selected, { count: items.length })}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        onFinish={(values) =>
          grant.mutate(
            { rows: items.map(rowOf), until: values.until, reason: values.reason.trim() },
            {
              onSuccess: (res) => {
                onClose();
                onDone(res.granted.length);
              },
              onError: (err) => {
                onClose();
                onRefused(err);
              },
            },
          )
        }
      >
        <Form.Item name="until" label={b.until} rules={[{ required: true, message: fmt(t.required, { field: b.until }) }]}>
          <DateField testId="overdue-extend-until" />
        </Form.Item>
        <Form.Item
          name="reason"
          label={b.reason}
          rules={[{ required: true, whitespace: true, message: fmt(t.required, { field: b.reason }) }]}
        >
          <Input.TextArea data-testid="overdue-extend-reason" rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
