import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { inspectionInputSchema } from '@smartcity/domain';
import { Alert, Button, Card, Form, Input, Modal, Select } from 'antd';
import { useNavigate } from 'react-router';
import { useCreateInspection } from '../../api/inspections';
import { usePilots } from '../../api/pilots';
import { DateField } from '../../components/DateField';
import { useI18n } from '../../i18n';
import { issueMessage } from '../pilots/zodRules';

interface Values {
  pilotId: string;
  inspectedOn: string;
  inspectors: string;
  projectsChecked?: string;
  summary?: string;
  findings?: { title: string; description?: string; rectificationDue?: string }[];
}

const split = (s: string | undefined, by: RegExp) =>
  (s ?? '')
    .split(by)
    .map((x) => x.trim())
    .filter(Boolean);

/** 记录监督检查: the province records an inspection of a pilot it supervises and what it found; a due date orders rectification. */
export function InspectionCreateModal({ onClose }: { onClose: () => void }) {
  const { t, lang } = useI18n();
  const x = t.inspection;
  const navigate = useNavigate();
  const pilots = usePilots({}, 1, 100);
  const create = useCreateInspection();
  const [form] = Form.useForm<Values>();
  const inspectedOn = Form.useWatch('inspectedOn', form);

  const onFinish = (v: Values) => {
    const parsed = inspectionInputSchema.safeParse({
      pilotId: v.pilotId,
      inspectedOn: v.inspectedOn,
      inspectors: split(v.inspectors, /[,，、]/),
      projectsChecked: split(v.projectsChecked, /\n/),
      summary: v.summary ?? '',
      findings: (v.findings ?? []).map((f) => ({
        title: (f.title ?? '').trim(),
        description: f.description ?? '',
        rectificationDue: f.rectificationDue || null,
      })),
    });
    if (!parsed.success) {
      form.setFields(
        parsed.error.issues.map((i) => ({
          name: (i.path[0] === 'findings' ? i.path.slice(0, 3) : [i.path[0]]) as never,
          errors: [issueMessage(lang, i, String(i.path.at(-1)))],
        })),
      );
      return;
    }
    create.mutate(parsed.data, {
      onSuccess: (ins) => {
        onClose();
        void navigate(`/app/inspections/${ins.id}`);
      },
    });
  };

  return (
    <Modal
      open
      width={720}
      title={x.create}
      onCancel={onClose}
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t.cancel}
        </Button>,
        <Button key="save" type="primary" data-testid="inspection-save" loading={create.isPending} onClick={() => form.submit()}>
          {t.save}
        </Button>,
      ]}
    >
      {create.error && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={create.error.message} />}
      <Form<Values> form={form} layout="vertical" onFinish={onFinish}>
        <Form.Item name="pilotId" label={x.pilot} rules={[{ required: true, message: x.pilot }]}>
          <Select
            data-testid="inspection-pilot"
            showSearch={{ optionFilterProp: 'label' }}
            loading={pilots.isPending}
            options={(pilots.data?.items ?? []).map((p) => ({ value: p.id, label: p.publishedName }))}
          />
        </Form.Item>
        <Form.Item name="inspectedOn" label={x.inspectedOn} rules={[{ required: true, message: x.inspectedOn }]}>
          <DateField testId="inspection-date" />
        </Form.Item>
        <Form.Item name="inspectors" label={x.inspectors} rules={[{ required: true, whitespace: true, message: x.inspectors }]}>
          <Input data-testid="inspection-inspectors" />
        </Form.Item>
        <Form.Item name="projectsChecked" label={x.projectsChecked}>
          <Input.TextArea data-testid="inspection-projects" rows={2} />
        </Form.Item>
        <Form.Item name="summary" label={x.summary}>
          <Input.TextArea data-testid="inspection-summary" rows={3} />
        </Form.Item>
        <Form.List name="findings">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, i) => (
                <Card
                  key={f.key}
                  size="small"
                  style={{ marginBottom: 12 }}
                  title={`${x.finding} ${i + 1}`}
                  extra={<Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} />}
                >
                  <Form.Item name={[f.name, 'title']} label={x.finding} rules={[{ required: true, whitespace: true, message: x.finding }]}>
                    <Input data-testid={`finding-${i}-title`} maxLength={100} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'description']} label={x.description}>
                    <Input.TextArea data-testid={`finding-${i}-description`} rows={2} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'rectificationDue']} label={x.rectificationDue}>
                    <DateField testId={`finding-${i}-due`} min={inspectedOn} />
                  </Form.Item>
                </Card>
              ))}
              <Button icon={<PlusOutlined />} data-testid="add-finding" onClick={() => add({ title: '', description: '' })}>
                {x.addFinding}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
