import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Layout } from 'antd';
import { Link, useNavigate } from 'react-router';
import { useSignIn } from '../../api/session';
import { landingOf } from '../../components/landing';
import { PublicHeader } from '../../components/PublicHeader';
import { fmt, useI18n } from '../../i18n';

interface Credentials {
  username: string;
  password: string;
}

export function LoginPage() {
  const { t } = useI18n();
  const signIn = useSignIn();
  const navigate = useNavigate();
  const onFinish = (values: Credentials) =>
    signIn.mutate(values, { onSuccess: (session) => navigate(landingOf(session.organisation.tier), { replace: true }) });

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <PublicHeader showSignIn={false} page={t.signIn} />
      <Layout.Content style={{ display: 'flex', justifyContent: 'center', paddingTop: '10vh' }}>
        <Card title={t.signIn} style={{ width: 380, maxWidth: 'calc(100% - 24px)', height: 'fit-content' }}>
          <Form<Credentials> layout="vertical" onFinish={onFinish} requiredMark={false}>
            <Form.Item name="username" label={t.username} rules={[{ required: true, message: fmt(t.required, { field: t.username }) }]}>
              <Input data-testid="login-username" prefix={<UserOutlined />} autoComplete="username" autoFocus />
            </Form.Item>
            <Form.Item name="password" label={t.password} rules={[{ required: true, message: fmt(t.required, { field: t.password }) }]}>
              <Input.Password data-testid="login-password" prefix={<LockOutlined />} autoComplete="current-password" />
            </Form.Item>
            {signIn.error && (
              <Form.Item>
                <Alert data-testid="login-error" type="error" showIcon title={signIn.error.message} />
              </Form.Item>
            )}
            <Button data-testid="login-submit" type="primary" htmlType="submit" block loading={signIn.isPending}>
              {t.signIn}
            </Button>
            <div style={{ marginTop: 16, display: 'flex', justifyContent: 'space-between' }}>
              <Link to="/forgot-password" data-testid="forgot-link">
                {t.account.forgot}
              </Link>
              <Link to="/register" data-testid="register-link">
                {t.register.link}
              </Link>
            </div>
          </Form>
        </Card>
      </Layout.Content>
    </Layout>
  );
}
