import { ApartmentOutlined, AuditOutlined, FileProtectOutlined, LogoutOutlined, NodeIndexOutlined, UnorderedListOutlined } from '@ant-design/icons';
import type { Tier } from '@smartcity/domain';
import { Button, Layout, Menu, Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useSession, useSignOut } from '../api/session';
import { useI18n } from '../i18n';
import type { UiMessages } from '../i18n/zh-CN';
import { LangSwitch } from './LangSwitch';

type MenuKey = keyof UiMessages['menu'];

/** Which tiers see which menu entries (the server enforces the same limits). */
const MENU: { key: MenuKey; path: string; icon: ReactNode; tiers: Tier[] | 'all' }[] = [
  { key: 'pilots', path: 'pilots', icon: <UnorderedListOutlined />, tiers: 'all' },
  { key: 'taskBooks', path: 'task-books', icon: <FileProtectOutlined />, tiers: 'all' },
  { key: 'indicators', path: 'indicators', icon: <NodeIndexOutlined />, tiers: 'all' },
  { key: 'organisations', path: 'organisations', icon: <ApartmentOutlined />, tiers: ['ministry', 'province'] },
  { key: 'audit', path: 'audit', icon: <AuditOutlined />, tiers: ['ministry'] },
];

export function AppLayout() {
  const { t, m } = useI18n();
  const session = useSession().data;
  const signOut = useSignOut();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  if (!session) return null;

  const tier = session.organisation.tier;
  const items = MENU.filter((e) => e.tiers === 'all' || e.tiers.includes(tier)).map((e) => ({
    key: e.path,
    icon: e.icon,
    label: t.menu[e.key],
  }));
  const selected = pathname.split('/')[2] ?? 'pilots';

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider breakpoint="lg" collapsedWidth={0} width={200} theme="light">
        <div style={{ padding: 16, fontWeight: 600, lineHeight: 1.4 }}>{t.appName}</div>
        <Menu mode="inline" selectedKeys={[selected]} items={items} onClick={(e) => navigate(`/app/${e.key}`)} />
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', padding: '0 24px', display: 'flex', justifyContent: 'flex-end', alignItems: 'center' }}>
          <Space wrap size="middle">
            <Typography.Text strong data-testid="user-org-name">
              {session.organisation.name}
            </Typography.Text>
            <Typography.Text>{session.user.displayName}</Typography.Text>
            <span>
              {session.roles.map((r) => (
                <Tag key={r}>{m.role[r]}</Tag>
              ))}
            </span>
            <LangSwitch />
            <Button
              data-testid="signout"
              icon={<LogoutOutlined />}
              loading={signOut.isPending}
              onClick={() => signOut.mutate()}
            >
              {t.signOut}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ margin: 24 }}>
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
