import { emptyLocale } from '../../components/EmptyState';
import { Alert, Card, Table, type TableColumnsType } from 'antd';
import { useNavigate } from 'react-router';
import { useRanking } from '../../api/calls';
import type { CallView, RankingItem } from '../../api/types';
import { StateTag } from '../../components/StateTag';
import { useI18n } from '../../i18n';
import { zh } from '../../components/Zh';

const num = (x: number | null) => (x === null ? '—' : x.toFixed(2));

/** 综合评审排序 (Ministry): weighted mean of the experts' totals, highest first, with the spread and the number of scores. */
export function RankingTable({ call }: { call: CallView }) {
  const { t } = useI18n();
  const c = t.call;
  const navigate = useNavigate();
  const ranking = useRanking(call.id, call.status !== 'draft');
  if (call.status === 'draft') return null;
  const columns: TableColumnsType<RankingItem> = [
    { title: c.rank, dataIndex: 'rank', width: 70, render: (r: number | null) => r ?? '—' },
    { title: t.application.name, dataIndex: 'name', render: zh },
    { title: t.application.province, dataIndex: 'provinceName', render: zh },
    { title: c.mean, dataIndex: 'mean', render: num },
    { title: c.spread, dataIndex: 'spread', render: num },
    { title: c.scores, dataIndex: 'scores', width: 80 },
    { title: c.totals, dataIndex: 'totals', render: (ts: number[]) => ts.join(' / ') || '—' },
    { title: t.application.status, dataIndex: 'status', render: (s: string) => <StateTag labels="applicationStatus" status={s} /> },
  ];
  return (
    <Card title={`${c.ranking}（${c.scaleMax} ${ranking.data?.call.scaleMax ?? call.rubric.scaleMax}）`} style={{ marginBottom: 24 }}>
      {ranking.error && <Alert type="error" showIcon title={ranking.error.message} />}
      <Table<RankingItem>
        data-testid="ranking"
        rowKey="applicationId"
        size="middle"
        columns={columns}
        dataSource={ranking.data?.items}
        loading={ranking.isFetching}
        locale={emptyLocale(t.empty.ranking)}
        pagination={false}
        onRow={(x) => ({ onClick: () => navigate(`/app/applications/${x.applicationId}`), style: { cursor: 'pointer' } })}
      />
    </Card>
  );
}
