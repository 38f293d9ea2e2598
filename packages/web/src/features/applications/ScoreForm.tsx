import { round2, type Rubric } from '@smartcity/domain';
import { Alert, App, Button, Card, Form, Input, InputNumber, Modal, Radio, Space, Typography } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../api/client';
import { useDeclareConflict, useSaveScoreDraft, useSubmitScore, type ScoredSubject } from '../../api/calls';
import type { ExpertReview } from '../../api/types';
import { fmt, useI18n } from '../../i18n';
import { useCriterionName } from '../calls/criterion';

interface Values {
  scores: Record<string, number | null | undefined>;
  comment?: string;
}

/**
 * The assigned expert's score sheet, for an application or an acceptance: first the conflict-of-interest declaration; then one score per criterion of the
 * subject's rubric with its guidance, kept as a draft until submitted — after a confirmation, since submitted scores are
 * final. A score out of range is refused by the form and the server alike, never clamped.
 */
export function ScoreForm({ subject, rubric, mine }: { subject: ScoredSubject; rubric: Rubric; mine: ExpertReview | undefined }) {
  if (!mine?.noConflictDeclaredAt) return <Declaration subject={subject} />;
  return <Sheet subject={subject} rubric={rubric} mine={mine} />;
}

function Declaration({ subject }: { subject: ScoredSubject }) {
  const d = useI18n().t.application.declaration;
  const { message } = App.useApp();
  const declare = useDeclareConflict(subject);
  const [form] = Form.useForm<{ conflict: boolean; note?: string }>();
  const conflict = Form.useWatch('conflict', form);
  if (declare.data?.onPanel === false) return <Alert type="warning" showIcon title={d.left} data-testid="declared-conflict" />;
  return (
    <Card size="small" title={d.title} style={{ marginBottom: 16 }} data-testid="declaration">
      <Typography.Paragraph>{d.intro}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) =>
          declare.mutate(
            { conflict: v.conflict, ...(v.conflict && v.note?.trim() ? { note: v.note.trim() } : {}) },
            { onError: (err) => void message.error(err.message) },
          )
        }
      >
        <Form.Item name="conflict" label={d.title} rules={[{ required: true, message: d.title }]}>
          <Radio.Group>
            <Space direction="vertical">
              <Radio value={false} data-testid="declare-none">
                {d.none}
              </Radio>
              <Radio value={true} data-testid="declare-conflict">
                {d.conflict}
              </Radio>
            </Space>
          </Radio.Group>
        </Form.Item>
        {conflict && (
          <Form.Item name="note" label={d.note}>
            <Input.TextArea data-testid="declare-note" rows={2} maxLength={500} />
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" data-testid="declare-submit" loading={declare.isPending}>
          {d.submit}
        </Button>
      </Form>
    </Card>
  );
}

function Sheet({ subject, rubric, mine }: { subject: ScoredSubject; rubric: Rubric; mine: ExpertReview }) {
  const { t } = useI18n();
  const a = t.application;
  const criterion = useCriterionName();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const submit = useSubmitScore(subject);
  const draft = useSaveScoreDraft(subject);
  const [confirming, setConfirming] = useState<Record<string, number> | null>(null);

  const given = (v: Values) =>
    Object.fromEntries(rubric.criteria.flatMap((c) => (typeof v.scores?.[c.key] === 'number' ? [[c.key, v.scores[c.key]!]] : [])));
  const onError = (err: Error) => {
    const key = err instanceof ApiError ? err.field?.replace(/^scores\./, '') : undefined;
    if (key && rubric.criteria.some((c) => c.key === key)) form.setFields([{ name: ['scores', key], errors: [err.message] }]);
    else void message.error(err.message);
  };
  const comment = () => (form.getFieldValue('comment') ?? '').trim();
  const saveDraft = async () => {
    // only the entered scores need to be valid for a draft
    const filled = rubric.criteria.filter((c) => typeof form.getFieldValue(['scores', c.key]) === 'number');
    await form.validateFields(filled.map((c) => ['scores', c.key]));
    draft.mutate(
      { scores: given(form.getFieldsValue()), comment: comment() },
      { onSuccess: () => void message.success(a.draftSaved), onError },
    );
  };

  const confirm = () =>
    confirming &&
    submit.mutate(
      { scores: confirming, comment: comment() },
      {
        onSuccess: () => {
          setConfirming(null);
          void message.success(a.scoreDone);
        },
        onError: (err) => {
          setConfirming(null);
          onError(err);
        },
      },
    );

  return (
    <>
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ scores: mine.scores ?? {}, comment: mine.comment ?? '' }}
        onFinish={(v) => setConfirming(given(v))}
        data-testid="score-form"
        style={{ marginBottom: 16 }}
      >
        <Space wrap align="start" size="large">
          {rubric.criteria.map((c) => (
            <Form.Item
              key={c.key}
              name={['scores', c.key]}
              label={
                <>
                  {criterion(c)}（{Math.round(c.weight * 100)}%）
                </>
              }
              extra={
                <div style={{ maxWidth: 260 }}>
                  {c.guidance && (
                    <div lang="zh-CN" data-testid={`guidance-${c.key}`}>
                      {c.guidance}
                    </div>
                  )}
                  {fmt(a.scoreHint, { max: rubric.scaleMax })}
                </div>
              }
              rules={[
                { required: true, message: fmt(a.scoreRange, { name: c.name, max: rubric.scaleMax }) },
                {
                  type: 'number',
                  min: 0,
                  max: rubric.scaleMax,
                  message: fmt(a.scoreRange, { name: c.name, max: rubric.scaleMax }),
                },
              ]}
            >
              {/* no min/max on the input: antd would clamp an out-of-range entry silently; the rule says what is wrong */}
              <InputNumber data-testid={`score-${c.key}`} aria-label={c.name} style={{ width: 140 }} />
            </Form.Item>
          ))}
        </Space>
        <Form.Item name="comment" label={a.comment}>
          <Input.TextArea data-testid="score-comment" rows={3} maxLength={5000} />
        </Form.Item>
        <Space>
          <Button data-testid="score-save-draft" loading={draft.isPending} onClick={() => void saveDraft().catch(() => undefined)}>
            {a.saveDraft}
          </Button>
          <Button type="primary" htmlType="submit" data-testid="score-submit" loading={submit.isPending}>
            {a.submitScore}
          </Button>
        </Space>
      </Form>
      <Modal
        open={confirming !== null}
        title={a.confirmSubmitTitle}
        onCancel={() => setConfirming(null)}
        footer={[
          <Button key="cancel" onClick={() => setConfirming(null)}>
            {t.cancel}
          </Button>,
          <Button key="ok" type="primary" data-testid="score-confirm" loading={submit.isPending} onClick={confirm}>
            {a.submitScore}
          </Button>,
        ]}
      >
        {confirming &&
          fmt(a.confirmSubmit, { total: round2(rubric.criteria.reduce((sum, c) => sum + c.weight * (confirming[c.key] ?? 0), 0)) })}
      </Modal>
    </>
  );
}
