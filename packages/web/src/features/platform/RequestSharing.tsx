import { ShareAltOutlined } from '@ant-design/icons';
import type { ResourceView } from '@smartcity/domain';
import { App, Button, Checkbox, Form, Input } from 'antd';
import { useNavigate } from 'react-router';
import { useRequestSharing } from '../../api/platform';
import { DateField } from '../../components/DateField';
import { FormDialog } from '../../components/FormDialog';
import { fmt, useI18n } from '../../i18n';
import { FieldName } from './FieldName';

interface Values {
  purpose: string;
  fields: string[];
  until: string;
}

/** A checkbox group's "at least one": a validator, since antd's `required` puts aria-required where ARIA does not allow it. */
export const someChecked = (message: string) => ({
  validator: async (_: unknown, v: unknown[] | undefined) => {
    if (!v?.length) throw new Error(message);
  },
});

/**
 * 申请共享: another department asks for a 有条件共享 resource — why (the purpose every read of personal data is
 * recorded with), which fields, and until when; the provider answers within ten working days.
 */
export function RequestSharing({ resource }: { resource: ResourceView }) {
  const { t } = useI18n();
  const p = t.platform;
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const ask = useRequestSharing(resource.id);
  return (
    <FormDialog<Values>
      form={form}
      title={p.requestSharing}
      okText={p.sendRequest}
      okTestId="sharing-request-send"
      width={640}
      pending={ask.isPending}
      initialValues={{ fields: [] }}
      trigger={(open) => (
        <Button type="primary" icon={<ShareAltOutlined />} data-testid="sharing-request-open" onClick={open}>
          {p.requestSharing}
        </Button>
      )}
      onFinish={(values, close) =>
        ask.mutate(
          { purpose: values.purpose.trim(), fields: values.fields, until: values.until },
          {
            onSuccess: () => {
              close();
              void message.success(p.requestSent);
              void navigate('/app/platform/sharing-requests?side=consumer');
            },
            onError: (err) => void message.error(err.message),
          },
        )
      }
    >
      <Form.Item
        name="purpose"
        label={p.purpose}
        extra={p.purposeHelp}
        rules={[{ required: true, whitespace: true, message: fmt(t.required, { field: p.purpose }) }]}
      >
        <Input.TextArea lang="zh-CN" data-testid="sharing-request-purpose" rows={3} maxLength={1000} />
      </Form.Item>
      <Form.Item name="fields" label={p.fieldsAsked} rules={[someChecked(fmt(t.required, { field: p.fieldsAsked }))]}>
        <Checkbox.Group
          data-testid="sharing-request-fields"
          options={resource.fields.map((f) => ({ value: f.name, label: <FieldName field={f} /> }))}
        />
      </Form.Item>
      <Form.Item name="until" label={p.until} rules={[{ required: true, message: fmt(t.required, { field: p.until }) }]}>
        <DateField testId="sharing-request-until" />
      </Form.Item>
    </FormDialog>
  );
}
