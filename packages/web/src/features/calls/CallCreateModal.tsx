import { callInputSchema, DEFAULT_RUBRIC } from '@smartcity/domain';
import { Alert, Button, Form, Input, InputNumber, Modal, Table } from 'antd';
import { useNavigate } from 'react-router';
import { useCreateCall } from '../../api/calls';
import { ApiError } from '../../api/client';
import { DateField } from '../../components/DateField';
import { useI18n } from '../../i18n';
import { issueMessage } from '../pilots/zodRules';

interface Values {
  year: number;
  title: string;
  opensOn: string;
  closesOn: string;
  quotaPerProvince: number;
  taskBookDeadline?: string;
}
const FIELDS = ['year', 'title', 'opensOn', 'closesOn', 'quotaPerProvince', 'taskBookDeadline'] as const;

/** 新建申报批次: year, title, window, quota, task-book deadline; the rubric and required files take their defaults. */
export function CallCreateModal({ onClose }: { onClose: () => void }) {
  const { t, lang } = useI18n();
  const c = t.call;
  const navigate = useNavigate();
  const create = useCreateCall();
  const [form] = Form.useForm<Values>();
  const opensOn = Form.useWatch('opensOn', form);
  const closesOn = Form.useWatch('closesOn', form);
  const labels: Record<(typeof FIELDS)[number], string> = {
    year: c.year,
    title: c.title,
    opensOn: c.opensOn,
    closesOn: c.closesOn,
    quotaPerProvince: c.quota,
    taskBookDeadline: c.taskBookDeadline,
  };

  const onFinish = (v: Values) => {
    const parsed = callInputSchema.safeParse({ ...v, title: v.title?.trim(), taskBookDeadline: v.taskBookDeadline || null });
    if (!parsed.success) {
      form.setFields(
        parsed.error.issues.map((i) => {
          const name = (FIELDS as readonly string[]).includes(String(i.path[0])) ? (String(i.path[0]) as (typeof FIELDS)[number]) : 'title';
          return { name, errors: [issueMessage(lang, i, labels[name])] };
        }),
      );
      return;
    }
    create.mutate(parsed.data, {
      onSuccess: (call) => {
        onClose();
        void navigate(`/app/calls/${call.id}`);
      },
      onError: (err) => {
        const field = err instanceof ApiError ? FIELDS.find((f) => f === err.field) : undefined;
        if (field) form.setFields([{ name: field, errors: [err.message] }]);
      },
    });
  };

  return (
    <Modal
      open
      width={640}
      title={c.create}
      onCancel={onClose}
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t.cancel}
        </Button>,
        <Button key="save" type="primary" data-testid="call-save" loading={create.isPending} onClick={() => form.submit()}>
          {t.save}
        </Button>,
      ]}
    >
      {create.error && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={create.error.message} />}
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={onFinish}
        initialValues={{ year: new Date().getFullYear(), quotaPerProvince: 2 }}
      >
        <Form.Item name="year" label={c.year} rules={[{ required: true, message: c.year }]}>
          <InputNumber data-testid="call-field-year" min={2012} max={2100} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="title" label={c.title} rules={[{ required: true, whitespace: true, message: c.title }]}>
          <Input data-testid="call-field-title" maxLength={100} />
        </Form.Item>
        <Form.Item label={c.window} required style={{ marginBottom: 0 }}>
          <Form.Item
            name="opensOn"
            rules={[{ required: true, message: c.opensOn }]}
            style={{ display: 'inline-block', width: 200, marginRight: 16 }}
          >
            <DateField testId="call-field-opensOn" ariaLabel={c.opensOn} />
          </Form.Item>
          <Form.Item name="closesOn" rules={[{ required: true, message: c.closesOn }]} style={{ display: 'inline-block', width: 200 }}>
            <DateField testId="call-field-closesOn" ariaLabel={c.closesOn} min={opensOn} />
          </Form.Item>
        </Form.Item>
        <Form.Item name="quotaPerProvince" label={c.quota} rules={[{ required: true, message: c.quota }]}>
          <InputNumber data-testid="call-field-quota" min={1} max={50} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="taskBookDeadline" label={c.taskBookDeadline}>
          <DateField testId="call-field-taskBookDeadline" min={closesOn} />
        </Form.Item>
        <Form.Item label={`${c.rubric}（${c.scaleMax} ${DEFAULT_RUBRIC.scaleMax}）`}>
          <Table
            size="small"
            pagination={false}
            rowKey="key"
            dataSource={DEFAULT_RUBRIC.criteria}
            columns={[
              { title: c.criterion, dataIndex: 'name' },
              { title: c.weight, dataIndex: 'weight', width: 100, render: (w: number) => `${Math.round(w * 100)}%` },
            ]}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
