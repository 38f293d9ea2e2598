import { SHARING_STATUSES } from '@smartcity/domain';
import { Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { Link } from 'react-router';
import type { SharingRequestView } from '../../api/platform';
import { statusColumn } from '../../components/columns';
import { emptyLocale } from '../../components/EmptyState';
import { sortBy } from '../../components/sorting';
import { beijingDay } from '../../components/time';
import { Zh } from '../../components/Zh';
import { fmt, useI18n } from '../../i18n';
import { SharingActions } from './SharingActions';

export type Side = 'consumer' | 'provider' | 'all';

/** 逾期上报: unanswered past its ten working days, now the platform administrator's to settle too. */
export function EscalatedTag({ request }: { request: SharingRequestView }) {
  const { t } = useI18n();
  return request.escalated ? (
    <Tag color="error" data-testid="sharing-escalated">
      {t.platform.escalated}
    </Tag>
  ) : null;
}

/** What an approved request grants: its fields, rows and expiry, live or expired. */
export function GrantText({ request: r }: { request: SharingRequestView }) {
  const { t } = useI18n();
  const p = t.platform;
  if (r.status !== 'approved' && r.status !== 'revoked') return <>—</>;
  return (
    <Space orientation="vertical" size={0}>
      <span>{(r.grantedFields ?? []).join('、')}</span>
      {r.rowFilter && r.rowFilter.length > 0 && (
        <Typography.Text type="secondary">{r.rowFilter.map((f) => `${f.field} ∈ {${f.values.join(', ')}}`).join('；')}</Typography.Text>
      )}
      <Typography.Text type={r.live ? undefined : 'secondary'} data-testid="sharing-expires">
        {fmt(r.live ? p.liveUntil : p.expiredOn, { date: r.expiresOn ?? '' })}
      </Typography.Text>
    </Space>
  );
}

/**
 * Sharing requests as one side sees them: the resource, the other department (both on the platform's own list),
 * the fields and purpose, the answer date (逾期上报 past it), the status, the grant, and the buttons the server offers.
 */
export function SharingRequestTable({
  items,
  side,
  loading,
  empty,
  testId,
}: {
  items: SharingRequestView[] | undefined;
  side: Side;
  loading: boolean;
  empty: string;
  testId: string;
}) {
  const { t } = useI18n();
  const p = t.platform;
  const parties: TableColumnsType<SharingRequestView> =
    side === 'all'
      ? [
          {
            title: p.consumer,
            key: 'consumer',
            render: (_, r) => <Zh>{r.consumer.name}</Zh>,
            ...sortBy<SharingRequestView>((r) => r.consumer.name),
          },
          {
            title: p.provider,
            key: 'provider',
            render: (_, r) => <Zh>{r.provider.name}</Zh>,
            ...sortBy<SharingRequestView>((r) => r.provider.name),
          },
        ]
      : [
          {
            title: side === 'consumer' ? p.provider : p.consumer,
            key: 'party',
            render: (_, r) => <Zh>{(side === 'consumer' ? r.provider : r.consumer).name}</Zh>,
          },
        ];
  const columns: TableColumnsType<SharingRequestView> = [
    {
      title: p.resource,
      key: 'resource',
      render: (_, r) => (
        <Space orientation="vertical" size={0}>
          <Link to={`/app/platform/sharing-requests/${r.id}`} data-testid="sharing-link">
            <Zh>{r.resource.name}</Zh>
          </Link>
          <Typography.Text type="secondary">{r.resource.code}</Typography.Text>
        </Space>
      ),
      ...sortBy<SharingRequestView>((r) => r.resource.name),
    },
    ...parties,
    { title: p.fieldsAsked, dataIndex: 'fields', render: (f: string[]) => f.join('、') },
    { title: p.purpose, dataIndex: 'purpose', render: (v: string) => <Zh>{v}</Zh> },
    {
      title: p.requestedAt,
      key: 'requestedAt',
      render: (_, r) => beijingDay(r.requestedAt),
      ...sortBy<SharingRequestView>((r) => r.requestedAt),
    },
    {
      title: p.dueOn,
      key: 'dueOn',
      render: (_, r) =>
        r.status === 'requested' ? (
          <Space size={4} wrap>
            {r.dueOn}
            <EscalatedTag request={r} />
          </Space>
        ) : (
          '—'
        ),
      ...sortBy<SharingRequestView>((r) => r.dueOn),
    },
    statusColumn<SharingRequestView>(t.filters.status, 'sharingStatus', SHARING_STATUSES),
    { title: p.grant, key: 'grant', render: (_, r) => <GrantText request={r} /> },
    { title: p.actions, key: 'actions', render: (_, r) => <SharingActions request={r} /> },
  ];
  return (
    <Table<SharingRequestView>
      data-testid={testId}
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={items}
      loading={loading}
      locale={emptyLocale(empty)}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      onRow={() => ({ 'data-testid': 'sharing-row' }) as object}
    />
  );
}
