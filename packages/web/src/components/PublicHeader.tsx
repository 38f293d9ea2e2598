import { LoginOutlined } from '@ant-design/icons';
import { Button, Layout, Space, Typography } from 'antd';
import { Link } from 'react-router';
import { useI18n } from '../i18n';
import { LangSwitch } from './LangSwitch';

/** Header of the pages one sees before signing in. */
export function PublicHeader({ showSignIn = true }: { showSignIn?: boolean }) {
  const { t } = useI18n();
  return (
    <Layout.Header
      style={{ background: '#fff', padding: '0 24px', display: 'flex', alignItems: 'center', justifyContent: 'space-between' }}
    >
      <Link to="/">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t.appName}
        </Typography.Title>
      </Link>
      <Space>
        <LangSwitch />
        {showSignIn && (
          <Link to="/login">
            <Button type="primary" icon={<LoginOutlined />}>
              {t.signIn}
            </Button>
          </Link>
        )}
      </Space>
    </Layout.Header>
  );
}
