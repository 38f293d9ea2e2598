import type { RatingRule } from '@smartcity/domain';
import { Alert, App, Button, Card, Descriptions, Empty, Form, Input, InputNumber, Space, Table, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { usePublishRatingRule, useRatingRules } from '../../api/acceptances';
import { ApiError } from '../../api/client';
import { useSession } from '../../api/session';
import type { RatingRuleView } from '../../api/types';
import { fmt, useI18n } from '../../i18n';
import { percent } from './RatingCard';

/** The form speaks percentages where the rule keeps shares (0..1): people weigh parts as 60 / 30 / 10. */
interface Values {
  version: string;
  parts: { indicators: number; projects: number; rectification: number };
  categoryWeights: RatingRule['categoryWeights'];
  requiredFloor: number;
  rectificationPenalty: RatingRule['rectificationPenalty'];
  thresholds: { minScore: number }[];
}

const share = (x: number) => Math.round(x * 10_000) / 100;
const toValues = (r: RatingRule): Values => ({
  ...r,
  version: '',
  parts: { indicators: share(r.parts.indicators), projects: share(r.parts.projects), rectification: share(r.parts.rectification) },
  requiredFloor: share(r.requiredFloor),
});
/** the form holds each threshold's score; the stars stay those of the version it started from */
const toRule = (v: Values, from: RatingRule): RatingRule => ({
  ...v,
  version: v.version.trim(),
  thresholds: from.thresholds.map((x, i) => ({ stars: x.stars, minScore: v.thresholds[i]!.minScore })),
  parts: { indicators: v.parts.indicators / 100, projects: v.parts.projects / 100, rectification: v.parts.rectification / 100 },
  requiredFloor: v.requiredFloor / 100,
});

/** Where a refusal's field shows in the form: the field itself, or for a whole group (weights summing up) its first field. */
const GROUP_FIRST: Record<string, (string | number)[]> = {
  parts: ['parts', 'indicators'],
  categoryWeights: ['categoryWeights', 'required'],
  thresholds: ['thresholds', 0, 'minScore'],
  rule: ['version'],
};
const fieldPath = (field: string) => GROUP_FIRST[field] ?? field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));

/** 验收评级规则: the Ministry reads every version, and its admin publishes a new one (ratings keep the version they were made with). */
export function RatingRulesPage() {
  const { t } = useI18n();
  const r = t.ratingRules;
  const a = t.acceptance;
  const rules = useRatingRules();
  const may = useSession().data?.can.publishRatingRule ?? false;
  const [creating, setCreating] = useState(false);
  const current = rules.data?.items.find((x) => x.current);

  const columns: TableColumnsType<RatingRuleView> = [
    {
      title: r.version,
      dataIndex: 'version',
      render: (v: string, x) => (
        <Space>
          {v}
          {x.current && <Tag color="blue">{r.current}</Tag>}
        </Space>
      ),
    },
    { title: r.createdAt, dataIndex: 'createdAt', render: (d: string) => d.slice(0, 10) },
    {
      title: a.weight,
      key: 'parts',
      render: (_, x) =>
        `${a.part.indicator} ${percent(x.rule.parts.indicators)} · ${a.part.project} ${percent(x.rule.parts.projects)} · ${a.part.rectification} ${percent(x.rule.parts.rectification)}`,
    },
  ];

  return (
    <>
      <Card
        title={<h1 style={{ fontSize: 16, margin: 0 }}>{r.title}</h1>}
        style={{ marginBottom: 24 }}
        extra={
          may &&
          !creating && (
            <Button type="primary" data-testid="rule-create" disabled={!current} onClick={() => setCreating(true)}>
              {r.create}
            </Button>
          )
        }
      >
        {rules.error && <Alert type="error" showIcon title={rules.error.message} />}
        <Table<RatingRuleView>
          data-testid="rating-rules"
          rowKey="version"
          columns={columns}
          dataSource={rules.data?.items}
          loading={rules.isLoading}
          pagination={false}
          locale={{ emptyText: <Empty description={r.empty} /> }}
          expandable={{
            expandRowByClick: true,
            expandedRowRender: (x) => <RuleDetails rule={x.rule} />,
          }}
          onRow={(x) => ({ 'data-testid': `rule-${x.version}` }) as React.HTMLAttributes<HTMLElement>}
        />
      </Card>
      {creating && current && <NewVersion from={current.rule} onDone={() => setCreating(false)} />}
    </>
  );
}

/** One version in full: what the rating card shows under each rating. */
function RuleDetails({ rule }: { rule: RatingRule }) {
  const { t, m } = useI18n();
  const a = t.acceptance;
  const stars = m.stars as Record<number, string>;
  return (
    <Descriptions
      size="small"
      column={1}
      bordered
      data-testid="rule-details"
      items={[
        {
          key: 'parts',
          label: a.weight,
          children: `${a.part.indicator} ${percent(rule.parts.indicators)}；${a.part.project} ${percent(rule.parts.projects)}；${a.part.rectification} ${percent(rule.parts.rectification)}`,
        },
        { key: 'categories', label: a.categoryWeights, children: fmt(a.categoryWeightsText, rule.categoryWeights) },
        { key: 'floor', label: a.floors, children: fmt(a.requiredFloor, { floor: percent(rule.requiredFloor) }) },
        { key: 'penalties', label: a.penalties, children: fmt(a.penaltiesText, rule.rectificationPenalty) },
        {
          key: 'thresholds',
          label: a.thresholds,
          children: rule.thresholds.map((x) => fmt(a.threshold, { stars: stars[x.stars] ?? x.stars, min: x.minScore })).join('；'),
        },
      ]}
    />
  );
}

/** A new version, prefilled from the one in force; the server's refusal is shown at the field it names. */
function NewVersion({ from, onDone }: { from: RatingRule; onDone: () => void }) {
  const { t, m } = useI18n();
  const r = t.ratingRules;
  const { message } = App.useApp();
  const publish = usePublishRatingRule();
  const [form] = Form.useForm<Values>();
  const stars = m.stars as Record<number, string>;
  const required = [{ required: true, message: r.valueRequired }];
  const num = (name: (string | number)[], label: string, testId: string) => (
    <Form.Item name={name as never} label={label} rules={required}>
      <InputNumber data-testid={testId} style={{ width: 140 }} />
    </Form.Item>
  );
  return (
    <Card title={r.create} data-testid="rule-form-card">
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={toValues(from)}
        data-testid="rule-form"
        onFinish={(v) =>
          publish.mutate(toRule(v, from), {
            onSuccess: () => {
              void message.success(r.created);
              onDone();
            },
            onError: (err) => {
              if (err instanceof ApiError && err.field) form.setFields([{ name: fieldPath(err.field) as never, errors: [err.message] }]);
              else void message.error(err.message);
            },
          })
        }
      >
        <Form.Item name="version" label={r.version} rules={[{ required: true, whitespace: true, message: r.versionRequired }]}>
          <Input data-testid="rule-version" style={{ width: 200 }} maxLength={40} />
        </Form.Item>
        <Form.Item label={r.parts} style={{ marginBottom: 0 }}>
          <Space wrap align="start">
            {num(['parts', 'indicators'], r.partIndicators, 'rule-part-indicators')}
            {num(['parts', 'projects'], r.partProjects, 'rule-part-projects')}
            {num(['parts', 'rectification'], r.partRectification, 'rule-part-rectification')}
          </Space>
        </Form.Item>
        <Form.Item label={r.categoryWeights} style={{ marginBottom: 0 }}>
          <Space wrap align="start">
            {num(['categoryWeights', 'required'], r.required, 'rule-weight-required')}
            {num(['categoryWeights', 'chosen'], r.chosen, 'rule-weight-chosen')}
            {num(['categoryWeights', 'innovative'], r.innovative, 'rule-weight-innovative')}
          </Space>
        </Form.Item>
        <Space wrap align="start">
          {num(['requiredFloor'], r.requiredFloor, 'rule-floor')}
          {num(['rectificationPenalty', 'open'], r.penaltyOpen, 'rule-penalty-open')}
          {num(['rectificationPenalty', 'late'], r.penaltyLate, 'rule-penalty-late')}
        </Space>
        <Form.Item label={r.thresholds} style={{ marginBottom: 0 }}>
          <Space wrap align="start">
            {from.thresholds.map((x, i) => (
              <Form.Item key={x.stars} name={['thresholds', i, 'minScore']} label={stars[x.stars]} rules={required}>
                <InputNumber data-testid={`rule-threshold-${x.stars}`} style={{ width: 140 }} />
              </Form.Item>
            ))}
          </Space>
        </Form.Item>
        <Space>
          <Button onClick={onDone}>{t.cancel}</Button>
          <Button type="primary" htmlType="submit" loading={publish.isPending} data-testid="rule-submit">
            {r.create}
          </Button>
        </Space>
      </Form>
    </Card>
  );
}
