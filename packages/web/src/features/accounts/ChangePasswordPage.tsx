import { passwordChangeSchema } from '@smartcity/domain';
import { Alert, App, Button, Card, Form, Input, Typography } from 'antd';
import { useChangePassword } from '../../api/accounts';
import { fmt, useI18n } from '../../i18n';
import { zodRule } from '../pilots/zodRules';
import { showFieldError } from './fieldError';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/** 修改密码: the current password, then the new one twice; the user's other sessions end. */
export function ChangePasswordPage() {
  const { t, lang } = useI18n();
  const a = t.account;
  const { message } = App.useApp();
  const change = useChangePassword();
  const [form] = Form.useForm<Values>();

  const onFinish = (v: Values) =>
    change.mutate(
      { currentPassword: v.currentPassword, newPassword: v.newPassword },
      {
        onSuccess: () => {
          form.resetFields();
          void message.success(a.changed);
        },
        onError: (err) => void showFieldError(form, err, ['currentPassword', 'newPassword']),
      },
    );

  return (
    <Card
      style={{ maxWidth: 520 }}
      title={
        <Typography.Title level={1} style={{ fontSize: 18, margin: 0 }}>
          {a.changePassword}
        </Typography.Title>
      }
    >
      <Form<Values> form={form} layout="vertical" onFinish={onFinish} requiredMark={false}>
        <Form.Item
          name="currentPassword"
          label={a.currentPassword}
          rules={[{ required: true, message: fmt(t.required, { field: a.currentPassword }) }]}
        >
          <Input.Password data-testid="current-password" autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={a.newPassword}
          rules={[
            { required: true, message: fmt(t.required, { field: a.newPassword }) },
            zodRule(passwordChangeSchema.shape.newPassword, lang, a.newPassword),
          ]}
        >
          <Input.Password data-testid="new-password" autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={a.confirmPassword}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: fmt(t.required, { field: a.confirmPassword }) },
            ({ getFieldValue }) => ({
              validator: async (_, value) => {
                if (value && value !== getFieldValue('newPassword')) throw new Error(a.mismatch);
              },
            }),
          ]}
        >
          <Input.Password data-testid="confirm-password" autoComplete="new-password" />
        </Form.Item>
        {change.error && !form.getFieldError('currentPassword').length && (
          <Form.Item>
            <Alert type="error" showIcon title={change.error.message} />
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" data-testid="change-password-submit" loading={change.isPending}>
          {a.changePassword}
        </Button>
      </Form>
    </Card>
  );
}
