import { passwordResetSchema } from '@smartcity/domain';
import { Alert, Button, Card, Form, Input, Layout, Result, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useRequestPasswordReset, useResetPassword } from '../../api/accounts';
import { PublicHeader } from '../../components/PublicHeader';
import { fmt, useI18n } from '../../i18n';
import { zodRule } from '../pilots/zodRules';
import { showFieldError } from './fieldError';

function PublicCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <PublicHeader />
      <Layout.Content style={{ display: 'flex', justifyContent: 'center', padding: '10vh 16px 0' }}>
        <Card
          style={{ width: 420, height: 'fit-content' }}
          title={
            <Typography.Title level={1} style={{ fontSize: 18, margin: 0 }}>
              {title}
            </Typography.Title>
          }
        >
          {children}
        </Card>
      </Layout.Content>
    </Layout>
  );
}

const BackToLogin = () => {
  const { t } = useI18n();
  return (
    <Link to="/login" data-testid="back-to-login">
      {t.account.backToLogin}
    </Link>
  );
};

/** 忘记密码: asks for a reset link; the answer is the same whether or not the account exists. */
export function ForgotPasswordPage() {
  const { t } = useI18n();
  const a = t.account;
  const send = useRequestPasswordReset();
  return (
    <PublicCard title={a.forgotTitle}>
      {send.isSuccess ? (
        <Result status="info" title={a.sent} extra={<BackToLogin />} data-testid="reset-sent" />
      ) : (
        <Form<{ username: string }> layout="vertical" requiredMark={false} onFinish={(v) => send.mutate(v.username.trim())}>
          <Typography.Paragraph>{a.forgotHelp}</Typography.Paragraph>
          <Form.Item
            name="username"
            label={t.username}
            rules={[{ required: true, whitespace: true, message: fmt(t.required, { field: t.username }) }]}
          >
            <Input data-testid="forgot-username" autoComplete="username" autoFocus />
          </Form.Item>
          {send.error && (
            <Form.Item>
              <Alert type="error" showIcon title={send.error.message} />
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" block data-testid="forgot-submit" loading={send.isPending}>
            {a.send}
          </Button>
          <div style={{ marginTop: 16, textAlign: 'center' }}>
            <BackToLogin />
          </div>
        </Form>
      )}
    </PublicCard>
  );
}

/** The page the e-mailed link opens: a new password, once. */
export function ResetPasswordPage() {
  const { t, lang } = useI18n();
  const a = t.account;
  const token = useSearchParams()[0].get('token') ?? '';
  const reset = useResetPassword();
  const [form] = Form.useForm<{ password: string; confirm: string }>();
  if (!token) return <PublicCard title={a.resetTitle}>{<Result status="warning" title={a.noToken} extra={<BackToLogin />} />}</PublicCard>;
  return (
    <PublicCard title={a.resetTitle}>
      {reset.isSuccess ? (
        <Result status="success" title={a.resetDone} extra={<BackToLogin />} data-testid="reset-done" />
      ) : (
        <Form
          form={form}
          layout="vertical"
          requiredMark={false}
          onFinish={(v) =>
            reset.mutate({ token, password: v.password }, { onError: (err) => void showFieldError(form, err, ['password']) })
          }
        >
          <Form.Item
            name="password"
            label={a.newPassword}
            rules={[
              { required: true, message: fmt(t.required, { field: a.newPassword }) },
              zodRule(passwordResetSchema.shape.password, lang, a.newPassword),
            ]}
          >
            <Input.Password data-testid="reset-password" autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            name="confirm"
            label={a.confirmPassword}
            dependencies={['password']}
            rules={[
              { required: true, message: fmt(t.required, { field: a.confirmPassword }) },
              ({ getFieldValue }) => ({
                validator: async (_, value) => {
                  if (value && value !== getFieldValue('password')) throw new Error(a.mismatch);
                },
              }),
            ]}
          >
            <Input.Password data-testid="reset-confirm" autoComplete="new-password" />
          </Form.Item>
          {reset.error && !form.getFieldError('password').length && (
            <Form.Item>
              <Alert type="error" showIcon title={reset.error.message} data-testid="reset-error" />
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" block data-testid="reset-submit" loading={reset.isPending}>
            {a.reset}
          </Button>
        </Form>
      )}
    </PublicCard>
  );
}
