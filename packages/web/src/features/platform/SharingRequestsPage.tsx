import { SHARING_STATUSES, type SharingStatus } from '@smartcity/domain';
import { Alert, Card, Select, Space, Switch, Tabs } from 'antd';
import { useSharingRequests } from '../../api/platform';
import { useSession } from '../../api/session';
import { useI18n } from '../../i18n';
import { platformAbilities } from './abilities';
import { SharingRequestTable, type Side } from './SharingRequestTable';
import { PageHeading } from '../../components/PageHeading';
import { useAddress } from '../../components/useAddress';

/**
 * 共享申请: a department's requests in two tabs — those it made (我提出的) and those made of it (向我申请的, where it
 * answers); the platform's other readers see all of them, the platform administrator those escalated to it first.
 */
export function SharingRequestsPage() {
  const { t, m } = useI18n();
  const p = t.platform;
  const session = useSession().data;
  const can = platformAbilities(session);
  const { params, update } = useAddress();
  const set = (key: string, value: string | null | undefined) => update({ [key]: value });
  const side: Side = can.department ? (params.get('side') === 'consumer' ? 'consumer' : 'provider') : 'all';
  const status = SHARING_STATUSES.find((s) => s === params.get('status'));
  const escalated = !can.department && params.get('escalated') === 'true';
  const list = useSharingRequests({ side, status, ...(escalated ? { escalated: 'true' as const } : {}) });
  const table = (
    <>
      {list.error && <Alert type="error" showIcon title={list.error.message} />}
      <SharingRequestTable
        items={list.data?.items}
        side={side}
        loading={list.isFetching}
        empty={side === 'consumer' ? p.emptyConsumer : side === 'provider' ? p.emptyProvider : p.emptySharing}
        testId={`sharing-table-${side}`}
      />
    </>
  );
  const filters = (
    <Space wrap>
      <Select
        allowClear
        style={{ width: 160 }}
        data-testid="sharing-filter-status"
        aria-label={t.filters.status}
        placeholder={t.filters.status}
        value={status}
        onChange={(v?: SharingStatus) => set('status', v)}
        options={SHARING_STATUSES.map((s) => ({ value: s, label: m.sharingStatus[s] }))}
      />
      {!can.department && (
        <Space size={6}>
          <Switch
            id="sharing-escalated-only"
            data-testid="sharing-escalated-only"
            checked={escalated}
            onChange={(on) => set('escalated', on ? 'true' : null)}
          />
          <label htmlFor="sharing-escalated-only">{p.escalatedOnly}</label>
        </Space>
      )}
    </Space>
  );
  return (
    <Card title={<PageHeading>{p.sharingRequests}</PageHeading>} extra={filters}>
      {can.department ? (
        <Tabs
          activeKey={side}
          onChange={(key) => set('side', key)}
          items={[
            { key: 'provider', label: p.sideProvider, children: side === 'provider' && table },
            { key: 'consumer', label: p.sideConsumer, children: side === 'consumer' && table },
          ]}
        />
      ) : (
        table
      )}
    </Card>
  );
}
