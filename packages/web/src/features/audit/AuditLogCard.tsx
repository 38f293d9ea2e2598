import { AUDIT_SORT_KEYS, auditActionText, auditSubjectText, knownAuditActions, MESSAGES, type AuditEventView } from '@smartcity/domain';
import { Button, Card, DatePicker, Input, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { Link } from 'react-router';
import { useAuditEvents, type AuditQuery } from '../../api/audit';
import { useOrganisations } from '../../api/reference';
import { Actor } from '../../components/RecordHistory';
import { serverSorted, sortOfHeader } from '../../components/sorting';
import { subjectHref } from '../../components/subjectHref';
import { beijingTime } from '../../components/time';
import { Zh } from '../../components/Zh';
import { useAddress } from '../../components/useAddress';
import { emptyLocale } from '../../components/EmptyState';
import { ExportButtons } from '../../components/ExportButtons';
import { fmt, useI18n } from '../../i18n';

const PAGE_SIZE = 20;
const FILTERS = ['organisationId', 'userId', 'action', 'subjectType', 'subjectId', 'dateFrom', 'dateTo'] as const;
type Filter = (typeof FILTERS)[number];
const SUBJECT_TYPES = Object.keys(MESSAGES['zh-CN'].auditSubject);
/** the records whose page a row can open (the others — sessions, keys, people — have none of their own) */
const WITH_PAGES = new Set([
  'taskBook',
  'annualReport',
  'application',
  'inspection',
  'finding',
  'acceptance',
  'agreement',
  'pilot',
  'call',
  'extension',
  'notice',
]);

/**
 * 审计日志: the whole log for the Ministry, newest first, filtered and sorted by the server; the filters live in the
 * address, so opening a record and coming back finds the same page.
 */
export function AuditLogCard() {
  const { t, lang } = useI18n();
  const a = t.auditLog;
  const { params, update, clear } = useAddress();
  const value = (k: Filter) => params.get(k) ?? undefined;
  const sort = params.get('sort') ?? '-at';
  const page = Number(params.get('page') ?? 1);
  const query: AuditQuery = { sort, page, pageSize: PAGE_SIZE, ...Object.fromEntries(FILTERS.map((k) => [k, value(k)])) };
  const events = useAuditEvents(query);
  const organisations = useOrganisations();
  const set = (changes: Partial<Record<Filter | 'sort' | 'page', string | null | undefined>>) => update(changes, { resetPage: true });
  const userName = value('userId') && events.data?.items.find((e) => e.actor.userId === value('userId'))?.actor.name;
  // one verb serves many records (报送: a task book, a report): the choice names the record too
  const actionOption = (x: string) => {
    const [verb, record] = [auditActionText(lang, x), auditSubjectText(lang, x.split('.')[0]!)];
    return lang === 'en' ? `${verb} (${record})` : `${verb}（${record}）`;
  };
  const day = (k: Filter) => (value(k) ? dayjs(value(k)) : null);

  return (
    <Card
      title={
        <Typography.Title level={1} style={{ fontSize: 18, margin: 0 }}>
          {a.title}
        </Typography.Title>
      }
      style={{ marginBottom: 24 }}
      data-testid="audit-log"
      extra={<ExportButtons list="/api/audit/events" query={{ sort, ...Object.fromEntries(FILTERS.map((k) => [k, value(k)])) }} />}
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          data-testid="audit-filter-organisation"
          aria-label={a.organisation}
          placeholder={a.organisation}
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          style={{ minWidth: 220 }}
          value={value('organisationId')}
          options={(organisations.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))}
          onChange={(v) => set({ organisationId: v })}
        />
        <Select
          data-testid="audit-filter-action"
          aria-label={a.action}
          placeholder={a.action}
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          style={{ minWidth: 200 }}
          value={value('action')}
          options={knownAuditActions().map((x) => ({ value: x, label: actionOption(x) }))}
          onChange={(v) => set({ action: v })}
        />
        <Select
          data-testid="audit-filter-subject-type"
          aria-label={a.subjectType}
          placeholder={a.subjectType}
          allowClear
          style={{ minWidth: 150 }}
          value={value('subjectType')}
          options={SUBJECT_TYPES.map((x) => ({ value: x, label: auditSubjectText(lang, x) }))}
          onChange={(v) => set({ subjectType: v })}
        />
        <Input.Search
          data-testid="audit-filter-subject-id"
          aria-label={a.subjectId}
          placeholder={a.subjectId}
          allowClear
          style={{ width: 220 }}
          // remounted when the address changes it (cleared filters), typed freely otherwise
          key={value('subjectId') ?? ''}
          defaultValue={value('subjectId')}
          onSearch={(v) => set({ subjectId: v.trim() })}
        />
        <DatePicker
          data-testid="audit-filter-from"
          aria-label={a.dateFrom}
          placeholder={a.dateFrom}
          value={day('dateFrom')}
          onChange={(d) => set({ dateFrom: d?.format('YYYY-MM-DD') })}
        />
        <DatePicker
          data-testid="audit-filter-to"
          aria-label={a.dateTo}
          placeholder={a.dateTo}
          value={day('dateTo')}
          onChange={(d) => set({ dateTo: d?.format('YYYY-MM-DD') })}
        />
        {value('userId') && (
          <Tag closable data-testid="audit-filter-user" onClose={() => set({ userId: null })}>
            {a.user}：{userName ? <Zh>{userName}</Zh> : value('userId')}
          </Tag>
        )}
        <Button onClick={clear}>{a.clear}</Button>
      </Space>
      <Table<AuditEventView>
        size="small"
        rowKey="seq"
        data-testid="audit-events"
        loading={events.isFetching}
        dataSource={events.data?.items ?? []}
        locale={emptyLocale(a.empty)}
        onRow={() => ({ 'data-testid': 'audit-event' }) as React.HTMLAttributes<HTMLElement>}
        onChange={(_pagination, _filters, sorter, extra) => {
          if (extra.action === 'sort') set({ sort: sortOfHeader(sorter) });
        }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: events.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (n) => fmt(a.total, { n }),
          onChange: (p) => set({ page: String(p) }),
        }}
        columns={[
          { title: a.time, ...serverSorted(sort, AUDIT_SORT_KEYS[0]), width: 160, render: (_, e) => beijingTime(e.at) },
          {
            title: a.who,
            ...serverSorted(sort, 'actor'),
            render: (_, e) => (
              <Space align="start">
                <Actor entry={e} />
                {e.actor.userId && e.actor.userId !== value('userId') && (
                  <Button size="small" type="link" data-testid="audit-only-user" onClick={() => set({ userId: e.actor.userId })}>
                    {a.onlyThisUser}
                  </Button>
                )}
              </Space>
            ),
          },
          { title: a.action, ...serverSorted(sort, 'action'), render: (_, e) => auditActionText(lang, e.action) },
          {
            title: a.subject,
            key: 'subject',
            render: (_, e) => {
              const label = auditSubjectText(lang, e.subject.type);
              return WITH_PAGES.has(e.subject.type) ? (
                <Link data-testid="audit-subject" to={subjectHref(e.subject.type, e.subject.id)}>
                  {label}
                </Link>
              ) : (
                label
              );
            },
          },
        ]}
      />
    </Card>
  );
}
