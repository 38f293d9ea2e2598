import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { APPLICATION_ATTACHMENTS, rubricSchema } from '@smartcity/domain';
import { App, Button, Checkbox, Form, Input, InputNumber, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../api/client';
import { WithReason } from '../../components/WithReason';
import { useUpdateCall } from '../../api/calls';
import type { CallView } from '../../api/types';
import { fmt, useI18n } from '../../i18n';
import { issueMessage } from '../pilots/zodRules';

/** A criterion as edited: its weight in whole percent, as the page shows it. */
interface Row {
  key: string;
  name: string;
  percent: number | null;
  guidance?: string;
}
interface Values {
  criteria: Row[];
  scaleMax: number;
  requiredAttachments: CallView['requiredAttachments'];
}

const toRubric = (v: Values): unknown => ({
  scaleMax: v.scaleMax,
  criteria: v.criteria.map((r) => ({
    key: r.key,
    name: r.name?.trim() ?? '',
    weight: r.percent === null ? 0 : r.percent / 100,
    ...(r.guidance?.trim() ? { guidance: r.guidance.trim() } : {}),
  })),
});

const shown = (percent: number) => Math.round(percent * 100) / 100;

/** a key no criterion has yet (keys tie scores to criteria; existing ones stay) */
function freshKey(rows: Row[]): string {
  let n = rows.length + 1;
  while (rows.some((r) => r.key === `criterion${n}`)) n++;
  return `criterion${n}`;
}

/**
 * 修改评审细则与必需材料: the Ministry edits a draft call's criteria (name, weight, 评分要点), its full score and the
 * files every application must carry. Checked by the call's own schema before sending, each refusal beside its
 * field (the weights' sum beside the total); once the call is open the button stays, disabled, with the reason.
 */
export function RubricEditor({ call }: { call: CallView }) {
  const { t, m, lang } = useI18n();
  const c = t.call;
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Values>();
  const [sumError, setSumError] = useState<string | null>(null);
  const update = useUpdateCall(call);
  const rows = Form.useWatch('criteria', form) ?? [];
  const total = rows.reduce((s, r) => s + (r?.percent ?? 0), 0);
  const draft = call.status === 'draft';

  const label = (field: string) => ({ name: c.criterion, percent: c.weight, weight: c.weight, guidance: c.guidance })[field] ?? c.rubric;
  /** an issue at a path of the rubric (as the schema or the server names it) goes beside its field */
  const place = (path: readonly PropertyKey[], text: string) => {
    const [head, index, field] = path;
    if (head === 'criteria' && typeof index === 'number' && typeof field === 'string')
      form.setFields([{ name: ['criteria', index, (field === 'weight' ? 'percent' : field) as keyof Row], errors: [text] }]);
    else if (head === 'scaleMax') form.setFields([{ name: 'scaleMax', errors: [text] }]);
    else setSumError(text);
  };

  const submit = (v: Values) => {
    setSumError(null);
    const parsed = rubricSchema.safeParse(toRubric(v));
    if (!parsed.success) {
      // the sum in the percent the page shows (the schema counts in fractions of 1)
      for (const i of parsed.error.issues)
        place(
          i.path,
          i.message === 'weights_sum'
            ? fmt(c.weightsOff, { total: shown(total) })
            : issueMessage(lang, i, label(String(i.path[2] ?? i.path[0]))),
        );
      return;
    }
    const { id: _id, name: _name, declarations: _d, status: _s, version: _v, actions: _a, ...input } = call;
    update.mutate(
      { ...input, rubric: parsed.data, requiredAttachments: v.requiredAttachments },
      {
        onSuccess: () => {
          setOpen(false);
          void message.success(c.rubricSaved);
        },
        onError: (err) => {
          const path = err instanceof ApiError ? err.field?.split('.') : undefined;
          if (path?.[0] === 'rubric')
            place(
              path.slice(1).map((p) => (/^\d+$/.test(p) ? Number(p) : p)),
              err.message,
            );
          else void message.error(err.message);
        },
      },
    );
  };

  const button = (
    <Button
      icon={<EditOutlined />}
      data-testid="rubric-edit"
      disabled={!draft}
      onClick={() => {
        setSumError(null);
        form.setFieldsValue({
          scaleMax: call.rubric.scaleMax,
          requiredAttachments: call.requiredAttachments,
          criteria: call.rubric.criteria.map((x) => ({ ...x, percent: Math.round(x.weight * 10_000) / 100 })),
        });
        setOpen(true);
      }}
    >
      {c.editRubric}
    </Button>
  );
  return (
    <>
      <WithReason reason={draft ? null : c.rubricFixed} testId="rubric-edit-reason">
        {button}
      </WithReason>
      <Modal
        open={open}
        width={860}
        title={c.editRubric}
        okText={t.save}
        cancelText={t.cancel}
        okButtonProps={{ 'data-testid': 'rubric-save' }}
        confirmLoading={update.isPending}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        forceRender
      >
        <Form<Values> form={form} layout="vertical" onFinish={submit}>
          <Form.List name="criteria">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f, i) => (
                  <Space key={f.key} align="start" wrap style={{ display: 'flex' }} data-testid="rubric-row">
                    <Form.Item name={[f.name, 'key']} hidden>
                      <Input />
                    </Form.Item>
                    <Form.Item name={[f.name, 'name']} label={`${c.criterion} ${i + 1}`} style={{ width: 240 }}>
                      <Input lang="zh-CN" data-testid={`rubric-name-${i}`} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'percent']} label={`${c.weight}（%）`} style={{ width: 120 }}>
                      <InputNumber min={0} max={100} data-testid={`rubric-weight-${i}`} style={{ width: '100%' }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'guidance']} label={c.guidance} style={{ width: 330 }}>
                      <Input.TextArea lang="zh-CN" rows={2} data-testid={`rubric-guidance-${i}`} />
                    </Form.Item>
                    <Button
                      icon={<DeleteOutlined />}
                      aria-label={fmt(c.removeCriterion, { n: i + 1 })}
                      data-testid={`rubric-remove-${i}`}
                      style={{ marginTop: 30 }}
                      disabled={fields.length === 1}
                      onClick={() => remove(f.name)}
                    />
                  </Space>
                ))}
                <Button
                  icon={<PlusOutlined />}
                  data-testid="rubric-add"
                  onClick={() => add({ key: freshKey(form.getFieldValue('criteria') as Row[]), name: '', percent: null })}
                >
                  {c.addCriterion}
                </Button>
              </>
            )}
          </Form.List>
          <Form.Item
            label={c.weightTotal}
            style={{ marginTop: 16 }}
            validateStatus={sumError ? 'error' : undefined}
            help={sumError ?? c.weightTotalHelp}
          >
            <Typography.Text strong data-testid="rubric-total">
              {shown(total)}%
            </Typography.Text>
          </Form.Item>
          <Form.Item name="scaleMax" label={c.scaleMax}>
            <InputNumber min={1} max={1000} data-testid="rubric-scaleMax" />
          </Form.Item>
          <Form.Item name="requiredAttachments" label={c.required}>
            <Checkbox.Group
              data-testid="rubric-required"
              options={APPLICATION_ATTACHMENTS.map((k) => ({ value: k, label: (m.attachmentKind as Record<string, string>)[k] ?? k }))}
            />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
