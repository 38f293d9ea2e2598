import { PILOT_STATUSES, REPORT_FACTS, TASK_BOOK_PROGRESS, type Dashboard, type DashboardQuery } from '@smartcity/domain';
import { Card, Col, Row, Statistic } from 'antd';
import { Link } from 'react-router';
import type { PilotFilters } from '../../api/types';
import { fmt, useI18n } from '../../i18n';
import { registryLink } from './links';

interface FigureProps {
  id: string;
  title: string;
  value: number;
  to: string;
}

/** A number that opens the list it counts. */
function Figure({ id, title, value, to }: FigureProps) {
  return (
    <Link to={to} data-testid={`figure-${id}`} style={{ display: 'block', minWidth: 96 }}>
      <Statistic title={title} value={value} />
    </Link>
  );
}

function Group({ title, children, testId }: { title: string; children: React.ReactNode; testId: string }) {
  return (
    <Col xs={24} md={12} xxl={6}>
      <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{title}</h2>} data-testid={testId} style={{ height: '100%' }}>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 16 }}>{children}</div>
      </Card>
    </Col>
  );
}

/** The key figures of the pilots in view, each a link to the registry with its filter. */
export function KeyFigures({ data, query }: { data: Dashboard; query: DashboardQuery }) {
  const { t, m } = useI18n();
  const f = data.totals;
  const to = (extra: PilotFilters) => registryLink(query, extra);
  const year = data.year;
  return (
    <Row gutter={[16, 16]}>
      <Group title={t.dashboard.byStatus} testId="figures-status">
        <Figure id="pilots" title={t.dashboard.pilotsTotal} value={f.pilots} to={to({})} />
        {PILOT_STATUSES.map((s) => (
          <Figure key={s} id={`status-${s}`} title={m.pilotStatus[s]} value={f.byStatus[s]} to={to({ status: s })} />
        ))}
      </Group>
      <Group title={t.dashboard.taskBooks} testId="figures-task-books">
        {TASK_BOOK_PROGRESS.map((s) => (
          <Figure
            key={s}
            id={`task-book-${s}`}
            title={s === 'none' ? t.dashboard.taskBookNone : m.taskBookStatus[s]}
            value={f.taskBooks[s]}
            to={to({ taskBook: s })}
          />
        ))}
      </Group>
      <Group title={year === null ? t.dashboard.noYear : fmt(t.dashboard.reports, { year })} testId="figures-reports">
        {year !== null &&
          REPORT_FACTS.map((r) => (
            <Figure key={r} id={`report-${r}`} title={t.dashboard.report[r]} value={f.reports[r]} to={to({ report: r, year })} />
          ))}
      </Group>
      <Group title={`${t.dashboard.findings} · ${t.dashboard.acceptance}`} testId="figures-acceptance">
        <Figure id="open-findings" title={t.dashboard.openFindings} value={f.openFindings} to={to({ findings: 'open' })} />
        {[3, 2, 1, 0].map((n) => (
          <Figure key={n} id={`stars-${n}`} title={m.stars[n as 0 | 1 | 2 | 3]} value={f.stars[n]!} to={to({ stars: n })} />
        ))}
        <Statistic
          title={t.dashboard.averageStars}
          value={f.averageStars ?? t.dashboard.none}
          precision={f.averageStars === null ? undefined : 2}
        />
      </Group>
    </Row>
  );
}
