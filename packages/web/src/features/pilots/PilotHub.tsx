import { Card, Descriptions, Space, Tag, Timeline, Typography } from 'antd';
import { Link } from 'react-router';
import { useAcceptances } from '../../api/acceptances';
import { useAnnualReports } from '../../api/annualReports';
import { useInspections } from '../../api/inspections';
import { usePilotTimeline } from '../../api/pilots';
import { subjectHref } from '../../components/subjectHref';
import { fmt, useI18n } from '../../i18n';
import { EmptyState } from '../../components/EmptyState';
import { beijingDay } from '../../components/time';
import { Named } from '../../components/Zh';

/** Where each lifecycle's action labels are in the domain catalog. */
const ACTION_LABELS: Record<string, string> = {
  pilot: 'pilotAction',
  taskBook: 'taskBookAction',
  annualReport: 'reportAction',
  rectification: 'rectificationAction',
  acceptance: 'acceptanceAction',
};
const SUBJECT_PAGES: Record<string, string> = { rectification: 'finding' };

/** The pilot's records beside its task book: annual reports by year, inspections, acceptance — each a link. */
export function PilotRecordsCard({ pilotId }: { pilotId: string }) {
  const { t, m } = useI18n();
  const reports = useAnnualReports({ pilot: pilotId }).data?.items ?? [];
  const inspections = useInspections({ pilot: pilotId }).data?.items ?? [];
  const acceptance = (useAcceptances().data?.items ?? []).find((a) => a.pilot.id === pilotId);
  const none = <Typography.Text type="secondary">{t.hub.noRecords}</Typography.Text>;
  const items = [
    {
      key: 'reports',
      label: t.hub.reports,
      children: reports.length ? (
        <Space wrap>
          {[...reports]
            .sort((a, b) => a.year - b.year)
            .map((r) => (
              <Link key={r.id} to={`/app/annual-reports/${r.id}`} data-testid="hub-report">
                {r.year} <Tag color={r.overdue ? 'red' : r.status === 'accepted' ? 'green' : 'blue'}>{m.reportStatus[r.status]}</Tag>
              </Link>
            ))}
        </Space>
      ) : (
        none
      ),
    },
    {
      key: 'inspections',
      label: t.hub.inspections,
      children: inspections.length ? (
        <Space wrap>
          {inspections.map((i) => (
            <Link key={i.id} to={`/app/inspections/${i.id}`}>
              {i.inspectedOn}
            </Link>
          ))}
        </Space>
      ) : (
        none
      ),
    },
    {
      key: 'acceptance',
      label: t.hub.acceptance,
      children: acceptance ? (
        <Link to={`/app/acceptances/${acceptance.id}`}>
          <Tag>{m.acceptanceStatus[acceptance.status]}</Tag>
        </Link>
      ) : (
        none
      ),
    },
  ];
  return (
    <Card title={t.hub.progress} style={{ marginTop: 24 }} data-testid="pilot-records">
      <Descriptions bordered size="small" column={1} items={items} />
    </Card>
  );
}

/** 历程: every transition and signature of the pilot and its records, newest first, each linked to its record. */
export function PilotTimelineCard({ pilotId }: { pilotId: string }) {
  const { t, m } = useI18n();
  const timeline = usePilotTimeline(pilotId);
  const items = timeline.data?.items ?? [];
  const label = (lifecycle: string, action: string) =>
    action === 'sign'
      ? t.hub.sign
      : ((m as unknown as Record<string, Record<string, string>>)[ACTION_LABELS[lifecycle] ?? '']?.[action] ?? action);
  return (
    <Card title={t.hub.timeline} style={{ marginTop: 24 }} loading={timeline.isPending} data-testid="pilot-timeline">
      {items.length === 0 ? (
        <EmptyState description={t.empty.timeline} compact />
      ) : (
        <Timeline
          items={items.map((e, i) => ({
            key: i,
            content: (
              <Space wrap size={4}>
                <Typography.Text type="secondary">{beijingDay(e.at)}</Typography.Text>
                <Link to={subjectHref(SUBJECT_PAGES[e.lifecycle] ?? e.lifecycle, e.subjectId, pilotId)}>{t.hub.subject[e.lifecycle]}</Link>
                <span>{label(e.lifecycle, e.action)}</span>
                <Typography.Text type="secondary">
                  <Named text={fmt(t.hub.by, { name: e.actorName })} names={[e.actorName]} />
                </Typography.Text>
              </Space>
            ),
          }))}
        />
      )}
    </Card>
  );
}
