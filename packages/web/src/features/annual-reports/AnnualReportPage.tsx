import { RecordTabs } from '../../components/RecordHistory';
import type { ReactNode } from 'react';
import { isKind, annualReportLifecycle } from '@smartcity/domain';
import { SaveOutlined } from '@ant-design/icons';
import type { ReportContent } from '@smartcity/domain';
import { Alert, App, Button, Card, Descriptions, Input, List, Result, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useAnnualReport, useSaveAnnualReport } from '../../api/annualReports';
import { ApiError } from '../../api/client';
import type { ReportView } from '../../api/types';
import { StateTag } from '../../components/StateTag';
import { ReturnedBanner } from '../../components/ReturnedBanner';
import { fmt, useI18n } from '../../i18n';
import { contentOf } from './draft';
import { IndicatorTable } from './IndicatorTable';
import { PlatformValuesCard } from './PlatformValuesCard';
import { ProjectTable } from './ProjectTable';
import { ReportActions } from './ReportActions';
import { ReportChanges } from './ReportChanges';
import { RequestExtension } from '../extensions/RequestExtension';
import { Zh } from '../../components/Zh';
import { ExcelImport } from '../../components/ExcelImport';
import { PageTrail } from '../../components/PageTrail';
import { beijingTime } from '../../components/time';

export function AnnualReportPage() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  const query = useAnnualReport(id);
  if (query.isPending) return <Spin size="large" />;
  if (query.error)
    return <Result status="warning" title={query.error.message} extra={<Link to="/app/annual-reports">{t.report.list}</Link>} />;
  return <ReportEditor key={id} report={query.data} reload={async () => void (await query.refetch())} />;
}

function ReportEditor({ report, reload }: { report: ReportView; reload: () => Promise<void> }) {
  const { t, m } = useI18n();
  const r = t.report;
  const { message } = App.useApp();
  const save = useSaveAnnualReport(report.id);
  const [draft, setDraft] = useState<ReportContent | null>(null);
  const content = draft ?? contentOf(report);
  const editable = report.abilities.edit;
  const change = (f: (c: ReportContent) => ReportContent) => setDraft((prev) => f(prev ?? contentOf(report)));
  const stale = save.error instanceof ApiError && save.error.code === 'stale_version';

  /** Saves unsaved edits (If-Match); true when nothing is left unsaved. */
  const saveNow = async (): Promise<boolean> => {
    if (!draft) return true;
    try {
      await save.mutateAsync({ version: report.version, content: draft });
      await reload();
      setDraft(null);
      void message.success(t.saved);
      return true;
    } catch (err) {
      void message.error((err as Error).message);
      return false;
    }
  };

  const discard = async () => {
    save.reset();
    await reload();
    setDraft(null);
  };

  return (
    <div data-testid="annual-report">
      <PageTrail owner={{ name: <Zh>{report.pilot.name}</Zh>, to: `/app/pilots/${report.pilot.id}` }} />
      <Card
        style={{ marginBottom: 24 }}
        title={
          <Space wrap>
            <span>{fmt(r.title, { year: report.year })}</span>
            <Typography.Text type="secondary">
              <Zh>{report.pilot.name}</Zh>
            </Typography.Text>
            <StateTag labels="reportStatus" status={report.status} testId="report-status" />
            {!editable && <Tag data-testid="report-readonly">{r.readOnly}</Tag>}
          </Space>
        }
        extra={
          <Space wrap>
            {editable && (
              <>
                <Typography.Text type={draft ? 'warning' : 'secondary'} data-testid="report-save-status">
                  {draft ? t.taskBook.unsaved : t.taskBook.saved}
                </Typography.Text>
                <Button icon={<SaveOutlined />} data-testid="report-save" loading={save.isPending} onClick={() => void saveNow()}>
                  {t.save}
                </Button>
              </>
            )}
            <ReportActions report={report} beforeFire={saveNow} />
          </Space>
        }
      >
        <Descriptions
          bordered
          size="small"
          column={{ xs: 1, md: 2, xl: 4 }}
          items={[
            {
              key: 'pilot',
              label: r.pilot,
              children: (
                <Zh>
                  {report.pilot.name}（{report.pilot.organisationName}）
                </Zh>
              ),
            },
            { key: 'province', label: r.province, children: <Zh>{report.province.name}</Zh> },
            { key: 'year', label: r.year, children: report.year },
            {
              key: 'due',
              label: r.due,
              children: (
                <span data-testid="report-due">
                  {report.dueDate} {report.overdue && <Tag color="red">{t.todos.overdue}</Tag>}
                </span>
              ),
            },
          ]}
        />
        {report.status === 'draft' && (
          <div style={{ marginTop: 16 }}>
            <RequestExtension deadline={{ pilotId: report.pilot.id, year: report.year }} owedBy={report.dueDate} owed />
          </div>
        )}
        <ReturnedBanner
          draft={report.status === 'draft'}
          reviews={report.reviews}
          isReturn={(action) => isKind(annualReportLifecycle, action, 'return')}
          details={(x) =>
            x.itemReasons.map((ir) => (
              <>
                {ir.item && <>{itemName(report, ir.item, '')}：</>}
                <Zh>{ir.text}</Zh>
              </>
            ))
          }
        />
        {stale && (
          <Alert
            type="error"
            showIcon
            style={{ marginTop: 16 }}
            title={save.error?.message}
            action={
              <Button size="small" onClick={() => void discard()}>
                {t.reload}
              </Button>
            }
          />
        )}
        {report.returnReasons.length > 0 && (
          <Alert
            data-testid="return-reasons"
            type="error"
            showIcon
            style={{ marginTop: 16 }}
            title={r.returned}
            description={report.returnReasons.map((x, i) => (
              <div key={i}>
                <Zh>
                  {x.text}（{x.byName}）
                </Zh>
              </div>
            ))}
          />
        )}
        {editable && (
          <Card size="small" title={r.problems} style={{ marginTop: 16 }} data-testid="report-problems">
            {report.problems.length === 0 ? (
              <Typography.Text type="success">{r.noProblems}</Typography.Text>
            ) : (
              <List
                size="small"
                dataSource={report.problems}
                renderItem={(p) => (
                  <List.Item>
                    {itemName(report, p.item, r.narrative)}：{(r.problem as Record<string, string>)[p.code] ?? p.code}
                  </List.Item>
                )}
              />
            )}
          </Card>
        )}
        {editable && (
          <div style={{ marginTop: 16 }}>
            {/* an import is a save on the server: what it wrote replaces the form, unsaved edits included */}
            <ExcelImport
              template={`/api/annual-reports/${report.id}/template.xlsx`}
              target={`/api/annual-reports/${report.id}/import`}
              version={report.version}
              onImported={() => void discard()}
              testId="report-import"
            />
          </div>
        )}
      </Card>
      <RecordTabs records="annual-reports" id={report.id}>
        <ReportChanges report={report} />
        <IndicatorTable
          report={report}
          rows={content.indicators}
          editable={editable}
          onChange={(i, patch) => change((c) => ({ ...c, indicators: c.indicators.map((x, k) => (k === i ? { ...x, ...patch } : x)) }))}
        />
        <PlatformValuesCard
          report={report}
          editable={editable}
          onAdopt={(id, patch) => change((c) => ({ ...c, indicators: c.indicators.map((x) => (x.id === id ? { ...x, ...patch } : x)) }))}
        />
        <ProjectTable
          report={report}
          rows={content.projects}
          editable={editable}
          onChange={(i, patch) => change((c) => ({ ...c, projects: c.projects.map((x, k) => (k === i ? { ...x, ...patch } : x)) }))}
        />
        <TextCard
          title={r.platform}
          testId="report-platform"
          value={content.platform}
          editable={editable}
          max={10_000}
          onChange={(v) => change((c) => ({ ...c, platform: v }))}
        />
        <TextCard
          title={r.narrative}
          testId="report-narrative"
          value={content.narrative}
          editable={editable}
          max={20_000}
          onChange={(v) => change((c) => ({ ...c, narrative: v }))}
        />
        {report.reviews.length > 0 && (
          <Card title={r.reviews} size="small" style={{ marginBottom: 24 }} data-testid="report-reviews">
            <Timeline
              items={report.reviews.map((x, i) => ({
                key: i,
                color: isKind(annualReportLifecycle, x.action, 'return') ? 'red' : 'green',
                content: (
                  <div>
                    <Typography.Text strong>{(m.reportAction as Record<string, string>)[x.action] ?? x.action}</Typography.Text>{' '}
                    <Typography.Text type="secondary">
                      <Zh>{x.byName}</Zh> · {beijingTime(x.at)}
                    </Typography.Text>
                    {x.reason && <div lang="zh-CN">{x.reason}</div>}
                    {x.itemReasons.map((ir, k) => (
                      <div key={k}>
                        {ir.item && <>{itemName(report, ir.item, '')}：</>}
                        <Zh>{ir.text}</Zh>
                      </div>
                    ))}
                  </div>
                ),
              }))}
            />
          </Card>
        )}
      </RecordTabs>
    </div>
  );
}

/** An indicator's or project's name as the report has it (Chinese, marked), or the narrative's label. */
function itemName(report: ReportView, item: string, narrative: string): ReactNode {
  if (item === 'narrative') return narrative;
  return (
    <Zh>
      {report.content.indicators.find((i) => i.id === item)?.name ?? report.content.projects.find((p) => p.id === item)?.name ?? item}
    </Zh>
  );
}

function TextCard(props: { title: string; testId: string; value: string; editable: boolean; max: number; onChange: (v: string) => void }) {
  return (
    <Card title={props.title} style={{ marginBottom: 24 }}>
      {props.editable ? (
        <Input.TextArea
          data-testid={props.testId}
          aria-label={props.title}
          value={props.value}
          autoSize={{ minRows: 4, maxRows: 16 }}
          maxLength={props.max}
          showCount
          onChange={(e) => props.onChange(e.target.value)}
        />
      ) : (
        <Typography.Paragraph data-testid={props.testId} style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
          {props.value || '—'}
        </Typography.Paragraph>
      )}
    </Card>
  );
}
