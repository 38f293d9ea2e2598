import { LoginOutlined } from '@ant-design/icons';
import { Button, Grid, Layout, Space, Typography } from 'antd';
import { Link, useNavigate } from 'react-router';
import { useI18n, usePageTitle } from '../i18n';
import { LangSwitch } from './LangSwitch';

/** Header of the pages one sees before signing in; `page` names the page in the document title. */
export function PublicHeader({ showSignIn = true, page }: { showSignIn?: boolean; page?: string }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  usePageTitle(page);
  // on a phone (below md) the short name, so the title and both buttons fit 390 px
  const wide = Grid.useBreakpoint().md ?? true;
  return (
    <Layout.Header
      data-testid="public-header"
      style={{
        background: '#fff',
        padding: wide ? '0 24px' : '0 12px',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'space-between',
        gap: 8,
      }}
    >
      <Link to="/" style={{ minWidth: 0 }}>
        <Typography.Text strong ellipsis style={{ fontSize: wide ? 20 : 16, display: 'block' }}>
          {wide ? t.appName : t.appShortName}
        </Typography.Text>
      </Link>
      <Space size={wide ? 'middle' : 'small'}>
        <LangSwitch compact={!wide} />
        {showSignIn && (
          <Button type="primary" icon={<LoginOutlined />} onClick={() => void navigate('/login')}>
            {t.signIn}
          </Button>
        )}
      </Space>
    </Layout.Header>
  );
}
