import { Alert, App, Button, Card, Table, Tag, type TableColumnsType } from 'antd';
import { useNavigate } from 'react-router';
import { useAcceptances, useRatingPreview, useStartAcceptance } from '../../api/acceptances';
import { ApiError } from '../../api/client';
import { usePilots } from '../../api/pilots';
import { useSession } from '../../api/session';
import type { AcceptanceSummary } from '../../api/types';
import { fmt, useI18n } from '../../i18n';
import { RatingCard } from './RatingCard';
import { Zh } from '../../components/Zh';
import { sortBy, useTableOrder } from '../../components/sorting';
import { emptyLocale } from '../../components/EmptyState';
import { ACCEPTANCE_STATUSES } from '@smartcity/domain';
import { statusColumn } from '../../components/columns';
import { ExportButtons } from '../../components/ExportButtons';

export function AcceptanceListPage() {
  const { t, m } = useI18n();
  const order = useTableOrder<AcceptanceSummary>();
  const a = t.acceptance;
  const navigate = useNavigate();
  const session = useSession().data;
  const list = useAcceptances();
  const isPilot = session?.organisation.tier === 'pilot';
  const columns: TableColumnsType<AcceptanceSummary> = [
    { title: a.pilot, key: 'pilot', render: (_, x) => <Zh>{x.pilot.name}</Zh>, ...sortBy((x) => x.pilot.name) },
    { title: t.pilot.province, key: 'province', render: (_, x) => <Zh>{x.pilot.provinceName}</Zh>, ...sortBy((x) => x.pilot.provinceName) },
    {
      title: t.pilot.batch,
      key: 'batch',
      render: (_, x) => fmt(t.filters.batchLabel, { year: x.pilot.batchYear }),
      ...sortBy((x) => x.pilot.batchYear),
    },
    statusColumn<AcceptanceSummary>(a.status, 'acceptanceStatus', ACCEPTANCE_STATUSES),
    {
      title: a.stars,
      dataIndex: 'stars',
      ...sortBy((x) => x.stars),
      render: (s: number | null) => (s === null ? '—' : <Tag>{(m.stars as Record<number, string>)[s]}</Tag>),
    },
  ];
  return (
    <>
      {isPilot && <PilotPreview hasAcceptance={(list.data?.items.length ?? 0) > 0} />}
      <Card title={a.list} extra={<ExportButtons list="/api/acceptances" query={{ sort: order.sort }} />}>
        {list.error && <Alert type="error" showIcon title={list.error.message} />}
        <Table<AcceptanceSummary>
          onChange={order.onChange}
          data-testid="acceptance-table"
          rowKey="id"
          columns={columns}
          dataSource={list.data?.items}
          loading={list.isFetching}
          locale={emptyLocale(t.empty.acceptances)}
          pagination={false}
          onRow={(x) => ({ onClick: () => navigate(`/app/acceptances/${x.id}`), style: { cursor: 'pointer' } })}
        />
      </Card>
    </>
  );
}

/** The pilot's own rating as things stand, explained, and the button to start its acceptance. */
function PilotPreview({ hasAcceptance }: { hasAcceptance: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const session = useSession().data;
  const pilot = usePilots({}, 1, 10).data?.items[0];
  const preview = useRatingPreview(pilot?.id);
  const start = useStartAcceptance();
  if (!pilot) return null;
  if (preview.error) {
    // no signed task book yet: nothing to preview
    if (preview.error instanceof ApiError && preview.error.status === 409) return null;
    return <Alert type="error" showIcon style={{ marginBottom: 24 }} title={preview.error.message} />;
  }
  if (!preview.data) return null;
  const mayStart = !hasAcceptance && session?.can.startAcceptance;
  return (
    <>
      <RatingCard
        rating={preview.data}
        title={
          <>
            <Zh>{pilot.publishedName}</Zh> · {fmt(t.acceptance.previewFor, { version: preview.data.ruleVersion })}
          </>
        }
        testId="rating-preview"
      />
      {mayStart && (
        <Button
          type="primary"
          style={{ marginBottom: 24 }}
          data-testid="start-acceptance"
          loading={start.isPending}
          onClick={() =>
            start.mutate(pilot.id, {
              onSuccess: (x) => void navigate(`/app/acceptances/${x.id}`),
              onError: (err) => void message.error(err.message),
            })
          }
        >
          {t.acceptance.start}
        </Button>
      )}
    </>
  );
}
