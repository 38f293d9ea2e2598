import { FUNDING_SOURCES, type Dashboard, type DashboardQuery } from '@smartcity/domain';
import { Card, Empty, Table } from 'antd';
import { useCallback, useMemo } from 'react';
import { Link, useNavigate } from 'react-router';
import { useI18n } from '../../i18n';
import { BarChart } from './BarChart';
import { registryLink } from './links';

const COLORS = { government: '#1d39c4', social: '#389e0d', bank: '#d48806', other: '#8c8c8c' } as const;
const round = (n: number) => Math.round(n * 100) / 100;

/**
 * 计划投资: what the signed task books in view plan to invest, by year and funding source. A bar opens the registry of
 * the pilots whose signed books it sums; the table says the same to screen readers.
 */
export function InvestmentCard({ investment, query }: { investment: Dashboard['investment']; query: DashboardQuery }) {
  const { t } = useI18n();
  const d = t.dashboard;
  const navigate = useNavigate();
  const signedLink = registryLink(query, { taskBook: 'signed' });
  const series = useMemo(
    () => FUNDING_SOURCES.map((s) => ({ name: d.sources[s], data: investment.map((row) => row[s]), color: COLORS[s] })),
    [investment, d],
  );
  const years = useMemo(() => investment.map((row) => String(row.year)), [investment]);
  const open = useCallback(() => navigate(signedLink), [navigate, signedLink]);

  return (
    <Card
      data-testid="investment"
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{d.investment}</h2>}
      extra={<Link to={signedLink}>{d.investmentPilots}</Link>}
    >
      {investment.length === 0 ? (
        <Empty description={d.investmentNone} />
      ) : (
        <>
          <BarChart testId="investment-chart" categories={years} series={series} stacked onClick={open} />
          <Table
            data-testid="investment-table"
            size="small"
            pagination={false}
            rowKey="year"
            dataSource={investment}
            columns={[
              { title: d.yearColumn, dataIndex: 'year' },
              ...FUNDING_SOURCES.map((s) => ({ title: d.sources[s], dataIndex: s, align: 'right' as const })),
              {
                title: d.investmentTotal,
                key: 'total',
                align: 'right' as const,
                render: (_: unknown, row: Dashboard['investment'][number]) => round(FUNDING_SOURCES.reduce((a, s) => a + row[s], 0)),
              },
            ]}
          />
        </>
      )}
    </Card>
  );
}
