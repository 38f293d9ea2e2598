import { RecordTabs } from '../../components/RecordHistory';
import { isKind, rectificationLifecycle } from '@smartcity/domain';

import { App, Card, Descriptions, Result, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { Link, Navigate, useParams } from 'react-router';
import { useFinding, useFindingTransition, useInspection } from '../../api/inspections';
import type { Finding } from '../../api/types';
import { ActionBar } from '../../components/ActionBar';
import { FilesCard } from '../../components/FilesCard';
import { StateTag } from '../../components/StateTag';
import { useI18n } from '../../i18n';
import { Zh } from '../../components/Zh';
import { PageTrail } from '../../components/PageTrail';
import { beijingTime } from '../../components/time';

export function InspectionPage() {
  const { t } = useI18n();
  const x = t.inspection;
  const { id = '' } = useParams();
  const query = useInspection(id);
  if (query.isPending) return <Spin size="large" />;
  if (query.error) return <Result status="warning" title={query.error.message} extra={<Link to="/app/inspections">{x.list}</Link>} />;
  const ins = query.data;
  return (
    <div data-testid="inspection">
      <PageTrail owner={{ name: <Zh>{ins.pilot.name}</Zh>, to: `/app/pilots/${ins.pilot.id}` }} />
      <Card
        style={{ marginBottom: 24 }}
        title={
          <Space wrap>
            <span>
              <Zh>{ins.pilot.name}</Zh> · {x.list}（{ins.inspectedOn}）
            </span>
          </Space>
        }
      >
        <Descriptions
          bordered
          size="small"
          column={{ xs: 1, md: 2 }}
          items={[
            {
              key: 'pilot',
              label: x.pilot,
              children: (
                <Link to={`/app/pilots/${ins.pilot.id}`}>
                  <Zh>{ins.pilot.name}</Zh>
                </Link>
              ),
            },
            { key: 'province', label: x.province, children: <Zh>{ins.province.name}</Zh> },
            { key: 'date', label: x.inspectedOn, children: ins.inspectedOn },
            { key: 'inspectors', label: x.inspectors, children: <Zh>{ins.inspectors.join('、')}</Zh> },
            { key: 'projects', label: x.projectsChecked, span: 2, children: <Zh>{ins.projectsChecked.join('；') || '—'}</Zh> },
            {
              key: 'summary',
              label: x.summary,
              span: 2,
              children: (
                <span lang="zh-CN" style={{ whiteSpace: 'pre-wrap' }}>
                  {ins.summary || '—'}
                </span>
              ),
            },
          ]}
        />
      </Card>
      <RecordTabs records="inspections" id={id}>
        <Card title={t.files.inspectionFiles} style={{ marginBottom: 24 }}>
          <FilesCard base={`/api/inspections/${ins.id}/files`} canUpload={ins.abilities.addFiles} testId="inspection-files" />
        </Card>
        <Card title={x.findings} data-testid="findings">
          {ins.findings.map((f, i) => (
            <FindingCard key={f.id} finding={f} index={i} />
          ))}
        </Card>
      </RecordTabs>
    </div>
  );
}

function FindingCard({ finding, index }: { finding: Finding; index: number }) {
  const { t, m } = useI18n();
  const x = t.inspection;
  const { message } = App.useApp();
  const transition = useFindingTransition(finding.inspectionId);
  const detail = useFinding(finding.id);
  const f = detail.data ?? finding;
  return (
    <Card
      size="small"
      style={{ marginBottom: 16 }}
      data-testid={`finding-${index}`}
      title={
        <Space wrap>
          <Zh>{f.title}</Zh>
          {f.status ? (
            <StateTag labels="rectificationStatus" status={f.status} testId={`finding-${index}-status`} />
          ) : (
            <Tag>{x.noRectification}</Tag>
          )}
          {f.overdue && <Tag color="red">{x.overdue}</Tag>}
        </Space>
      }
      extra={
        <ActionBar
          actions={f.actions}
          testIdPrefix={`finding-${index}-action`}
          label={(a) => (m.rectificationAction as Record<string, string>)[a] ?? a}
          reasonLabel={(a) => (a === 'answer' ? x.answer : t.reason)}
          pendingAction={transition.isPending ? transition.variables.action : undefined}
          fire={(body, done) =>
            transition.mutate({ findingId: f.id, ...body }, { onSuccess: done, onError: (err) => void message.error(err.message) })
          }
        />
      }
    >
      <Descriptions
        size="small"
        column={{ xs: 1, md: 3 }}
        items={[
          {
            key: 'desc',
            label: x.description,
            span: 3,
            children: (
              <span lang="zh-CN" style={{ whiteSpace: 'pre-wrap' }}>
                {f.description || '—'}
              </span>
            ),
          },
          { key: 'due', label: x.rectificationDue, children: f.rectificationDue ?? '—' },
          { key: 'closed', label: x.closedOn, children: f.closedOn ?? '—' },
          { key: 'answer', label: x.answer, span: 3, children: <span style={{ whiteSpace: 'pre-wrap' }}>{f.answer ?? '—'}</span> },
        ]}
      />
      {f.status && (
        <div style={{ marginTop: 12 }}>
          <Typography.Text type="secondary">{t.files.evidence}</Typography.Text>
          <FilesCard base={`/api/findings/${f.id}/evidence`} canUpload={f.abilities.addEvidence} testId={`finding-${index}-evidence`} />
        </div>
      )}
      {f.history.length > 0 && (
        <Timeline
          style={{ marginTop: 12 }}
          items={f.history.map((h, k) => ({
            key: k,
            color: isKind(rectificationLifecycle, h.action, 'return') ? 'red' : 'green',
            content: (
              <div>
                <Typography.Text strong>{(m.rectificationAction as Record<string, string>)[h.action] ?? h.action}</Typography.Text>{' '}
                <Typography.Text type="secondary">
                  <Zh>{h.byName}</Zh> · {beijingTime(h.at)}
                </Typography.Text>
                {h.reason && <div lang="zh-CN">{h.reason}</div>}
              </div>
            ),
          }))}
        />
      )}
    </Card>
  );
}

/** A finding's link (to-dos, notifications) opens its inspection. */
export function FindingRedirect() {
  const { id = '' } = useParams();
  const finding = useFinding(id);
  if (finding.isPending) return <Spin size="large" />;
  if (finding.error) return <Result status="warning" title={finding.error.message} />;
  return <Navigate to={`/app/inspections/${finding.data.inspectionId}`} replace />;
}
