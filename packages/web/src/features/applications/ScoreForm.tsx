import type { Rubric } from '@smartcity/domain';
import { App, Button, Form, Input, InputNumber, Space } from 'antd';
import { ApiError } from '../../api/client';
import { useSubmitScore } from '../../api/calls';
import type { ApplicationDetail } from '../../api/types';
import { fmt, useI18n } from '../../i18n';

interface Values {
  scores: Record<string, number | null>;
  comment?: string;
}

/** The assigned expert's score sheet: one score per criterion of the call's rubric (0..scaleMax) and a comment; submitted once. */
export function ScoreForm({ app, rubric }: { app: ApplicationDetail; rubric: Rubric }) {
  const { t } = useI18n();
  const a = t.application;
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const submit = useSubmitScore(app.id);

  const onFinish = (v: Values) =>
    submit.mutate(
      { scores: Object.fromEntries(rubric.criteria.map((c) => [c.key, Number(v.scores[c.key])])), comment: (v.comment ?? '').trim() },
      {
        onSuccess: () => void message.success(a.scoreDone),
        onError: (err) => {
          const key = err instanceof ApiError ? err.field?.replace(/^scores\./, '') : undefined;
          if (key && rubric.criteria.some((c) => c.key === key)) form.setFields([{ name: ['scores', key], errors: [err.message] }]);
          else void message.error(err.message);
        },
      },
    );

  return (
    <Form<Values> form={form} layout="vertical" onFinish={onFinish} data-testid="score-form" style={{ marginBottom: 16 }}>
      <Space wrap align="start" size="large">
        {rubric.criteria.map((c) => (
          <Form.Item
            key={c.key}
            name={['scores', c.key]}
            label={`${c.name}（${Math.round(c.weight * 100)}%）`}
            extra={fmt(a.scoreHint, { max: rubric.scaleMax })}
            rules={[{ required: true, message: c.name }]}
          >
            <InputNumber data-testid={`score-${c.key}`} min={0} max={rubric.scaleMax} style={{ width: 140 }} />
          </Form.Item>
        ))}
      </Space>
      <Form.Item name="comment" label={a.comment}>
        <Input.TextArea data-testid="score-comment" rows={3} maxLength={5000} />
      </Form.Item>
      <Button type="primary" htmlType="submit" data-testid="score-submit" loading={submit.isPending}>
        {a.submitScore}
      </Button>
    </Form>
  );
}
