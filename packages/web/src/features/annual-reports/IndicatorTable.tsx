import { PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { DATA_QUALITY } from '@smartcity/domain';
import { App, Button, Card, Input, InputNumber, Select, Space, Typography, type TableColumnsType } from 'antd';
import { useRef } from 'react';
import { evidenceHref, useUploadEvidence } from '../../api/annualReports';
import type { ReportIndicator, ReportView } from '../../api/types';
import { useI18n } from '../../i18n';
import type { Indicator } from './draft';
import { Zh } from '../../components/Zh';
import { ReportRows } from './ReportRows';

interface Props {
  report: ReportView;
  rows: Indicator[];
  editable: boolean;
  onChange: (index: number, patch: Partial<Indicator>) => void;
}

/** 考核指标完成情况: target from the task book; actual, source, data quality and evidence reported by the pilot. Returned items are highlighted with their reasons. */
export function IndicatorTable({ report, rows, editable, onChange }: Props) {
  const { t, m } = useI18n();
  const r = t.report;
  const reasonsOf = (i: number): ReportIndicator['returnReasons'] => report.content.indicators[i]?.returnReasons ?? [];
  const problemsOf = (id: string) => report.problems.filter((p) => p.item === id);
  const fileName = (id: string) => report.evidence.find((e) => e.id === id)?.filename ?? id.slice(0, 8);

  const columns: TableColumnsType<Indicator> = [
    {
      title: r.indicator,
      key: 'name',
      width: 230,
      render: (_, row, i) => (
        <div>
          <Typography.Text type="secondary">{m.indicatorCategory[row.category]}</Typography.Text>{' '}
          <Typography.Text strong lang="zh-CN">
            {row.name}
          </Typography.Text>
          {reasonsOf(i).map((x, k) => (
            <div key={k} data-testid={`ind-${i}-reasons`}>
              <Typography.Text type="danger">
                <Zh>
                  {x.text}（{x.byName}）
                </Zh>
              </Typography.Text>
            </div>
          ))}
          {editable &&
            problemsOf(row.id).map((p) => (
              <div key={p.code}>
                <Typography.Text type="warning">{(r.problem as Record<string, string>)[p.code] ?? p.code}</Typography.Text>
              </div>
            ))}
        </div>
      ),
    },
    { title: r.unit, dataIndex: 'unit', width: 60, render: (v: string) => v || '—' },
    { title: r.target, dataIndex: 'target', width: 80, render: (v: number | null) => v ?? '—' },
    {
      title: r.actual,
      key: 'actual',
      width: 130,
      render: (_, row, i) =>
        editable ? (
          <InputNumber
            data-testid={`ind-${i}-actual`}
            aria-label={`${r.actual} ${i + 1}`}
            value={row.actual}
            style={{ width: 120 }}
            onChange={(v) => onChange(i, { actual: typeof v === 'number' ? v : null })}
          />
        ) : (
          <span data-testid={`ind-${i}-actual`}>{row.actual ?? '—'}</span>
        ),
    },
    {
      title: r.source,
      key: 'source',
      width: 200,
      render: (_, row, i) =>
        editable ? (
          <Input.TextArea
            data-testid={`ind-${i}-source`}
            aria-label={`${r.source} ${i + 1}`}
            value={row.source}
            autoSize={{ minRows: 1, maxRows: 4 }}
            maxLength={500}
            onChange={(e) => onChange(i, { source: e.target.value })}
          />
        ) : (
          row.source || '—'
        ),
    },
    {
      title: r.quality,
      key: 'quality',
      width: 130,
      render: (_, row, i) =>
        editable ? (
          <Select
            data-testid={`ind-${i}-quality`}
            aria-label={`${r.quality} ${i + 1}`}
            value={row.quality ?? undefined}
            allowClear
            style={{ width: 120 }}
            onChange={(v?: Indicator['quality']) => onChange(i, { quality: v ?? null })}
            options={DATA_QUALITY.map((q) => ({ value: q, label: m.dataQuality[q] }))}
          />
        ) : row.quality ? (
          m.dataQuality[row.quality]
        ) : (
          '—'
        ),
    },
    {
      title: r.evidence,
      key: 'evidence',
      width: 210,
      render: (_, row, i) => (
        <Space direction="vertical" size={4} style={{ width: '100%' }}>
          {editable ? (
            <>
              <Select
                mode="multiple"
                data-testid={`ind-${i}-evidence`}
                aria-label={`${r.evidence} ${i + 1}`}
                value={row.evidence}
                style={{ width: '100%' }}
                onChange={(ids: string[]) => onChange(i, { evidence: ids })}
                options={report.evidence.map((e) => ({ value: e.id, label: e.filename }))}
              />
              <EvidenceUpload
                report={report}
                testId={`ind-${i}-upload`}
                onUploaded={(id) => onChange(i, { evidence: [...row.evidence, id] })}
              />
            </>
          ) : (
            row.evidence.map((id) => (
              <a key={id} href={evidenceHref(report.id, id)}>
                <PaperClipOutlined /> {fileName(id)}
              </a>
            ))
          )}
        </Space>
      ),
    },
  ];

  return (
    <Card title={r.indicators} style={{ marginBottom: 24 }} data-testid="report-indicators">
      <ReportRows
        editable={editable}
        columns={columns}
        rows={rows}
        scrollX={1030}
        returned={(i) => reasonsOf(i).length > 0}
        readTestId="report-indicators-read"
      />
    </Card>
  );
}

function EvidenceUpload({ report, testId, onUploaded }: { report: ReportView; testId: string; onUploaded: (id: string) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const input = useRef<HTMLInputElement>(null);
  const upload = useUploadEvidence(report.id);
  return (
    <>
      <input
        ref={input}
        type="file"
        data-testid={`${testId}-input`}
        accept=".pdf,.doc,.docx,.xls,.xlsx,.png,.jpg,.jpeg"
        style={{ display: 'none' }}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) upload.mutate(file, { onSuccess: (f) => onUploaded(f.id), onError: (err) => void message.error(err.message) });
        }}
      />
      <Button size="small" icon={<UploadOutlined />} data-testid={testId} loading={upload.isPending} onClick={() => input.current?.click()}>
        {t.application.upload}
      </Button>
    </>
  );
}
