import {
  ApiOutlined,
  ClusterOutlined,
  DatabaseOutlined,
  ShareAltOutlined,
  NotificationOutlined,
  ApartmentOutlined,
  AuditOutlined,
  DashboardOutlined,
  FileDoneOutlined,
  FileProtectOutlined,
  FileSearchOutlined,
  FormOutlined,
  KeyOutlined,
  TeamOutlined,
  UserOutlined,
  LogoutOutlined,
  MenuOutlined,
  NodeIndexOutlined,
  ScheduleOutlined,
  SolutionOutlined,
  StarOutlined,
  UnorderedListOutlined,
  UserAddOutlined,
} from '@ant-design/icons';
import { TIERS, type SessionInfo, type Tier } from '@smartcity/domain';
import { Button, Drawer, Dropdown, Grid, Layout, Menu, Space, Tag, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useSession, useSignOut } from '../api/session';
import { NotificationBell } from '../features/notifications/NotificationBell';
import { SearchBox } from '../features/search/SearchBox';
import { useI18n, usePageTitle } from '../i18n';
import type { UiMessages } from '../i18n/zh-CN';
import { LangSwitch } from './LangSwitch';
import { PLATFORM_TIERS } from '../features/platform/abilities';
import { isRecordPage, sectionOf } from './PageTrail';
import { Zh } from './Zh';

type MenuKey = keyof UiMessages['menu'];

const ALL_BUT_APPLICANT: Tier[] = ['ministry', 'province', 'provincialGovernment', 'pilot', 'expert'];

/**
 * Which tiers see which menu entries (the server enforces the same limits); an entry
 * with `can` shows by the session's ability instead. Applicants get 申报 and 待办 only; a city's departments (委办局) its
 * platform.
 */
const MENU: { key: MenuKey; path: string; icon: ReactNode; tiers?: Tier[]; can?: keyof SessionInfo['can'] }[] = [
  { key: 'dashboard', path: 'dashboard', icon: <DashboardOutlined />, tiers: ['ministry', 'province'] },
  { key: 'pilots', path: 'pilots', icon: <UnorderedListOutlined />, tiers: ALL_BUT_APPLICANT },
  { key: 'calls', path: 'calls', icon: <FormOutlined />, tiers: ['ministry', 'province', 'applicant', 'expert'] },
  { key: 'todos', path: 'todos', icon: <ScheduleOutlined />, tiers: ['applicant'] },
  { key: 'myReviews', path: 'my-reviews', icon: <ScheduleOutlined />, tiers: ['expert'] },
  { key: 'taskBooks', path: 'task-books', icon: <FileProtectOutlined />, tiers: ALL_BUT_APPLICANT },
  { key: 'annualReports', path: 'annual-reports', icon: <FileDoneOutlined />, tiers: ['ministry', 'province', 'pilot'] },
  { key: 'inspections', path: 'inspections', icon: <FileSearchOutlined />, tiers: ['ministry', 'province', 'pilot'] },
  { key: 'acceptances', path: 'acceptances', icon: <StarOutlined />, tiers: ['ministry', 'province', 'pilot', 'expert'] },
  { key: 'agreements', path: 'agreements', icon: <SolutionOutlined />, tiers: ['ministry', 'provincialGovernment', 'province'] },
  { key: 'indicators', path: 'indicators', icon: <NodeIndexOutlined />, tiers: ALL_BUT_APPLICANT },
  { key: 'platform', path: 'platform', icon: <ClusterOutlined />, tiers: ['ministry', 'province', 'provincialGovernment', 'pilot'] },
  { key: 'platformResources', path: 'platform/resources', icon: <DatabaseOutlined />, tiers: PLATFORM_TIERS },
  { key: 'sharingRequests', path: 'platform/sharing-requests', icon: <ShareAltOutlined />, tiers: PLATFORM_TIERS },
  { key: 'apiKeys', path: 'platform/api-keys', icon: <ApiOutlined />, can: 'manageApiKeys' },
  { key: 'organisations', path: 'organisations', icon: <ApartmentOutlined />, tiers: ['ministry', 'province'] },
  { key: 'applicants', path: 'applicants', icon: <UserAddOutlined />, can: 'reviewApplicants' },
  { key: 'people', path: 'people', icon: <TeamOutlined />, can: 'manageUsers' },
  { key: 'ratingRules', path: 'rating-rules', icon: <StarOutlined />, tiers: ['ministry'] },
  { key: 'notices', path: 'notices', icon: <NotificationOutlined />, tiers: [...TIERS] },
  { key: 'audit', path: 'audit', icon: <AuditOutlined />, tiers: ['ministry'] },
];

/** Detail pages light up their list's menu entry. */
const SECTION_OF: Record<string, string> = { applications: 'calls', findings: 'inspections' };

export function AppLayout() {
  const { t, m } = useI18n();
  const session = useSession().data;
  const signOut = useSignOut();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  // below lg the menu and the account move into a drawer, so the header fits a phone (390 px)
  const wide = Grid.useBreakpoint().lg ?? true;
  const [drawer, setDrawer] = useState(false);
  const section = sectionOf(pathname) || 'pilots';
  const selected = SECTION_OF[section] ?? section;
  // each page its own title (browser tabs, history, screen readers): the section, then the platform
  const heading = MENU.find((e) => e.path === selected)?.key;
  usePageTitle(
    isRecordPage(pathname)
      ? null // the record page's breadcrumb names it
      : heading
        ? t.menu[heading]
        : section === 'notifications'
          ? t.notifications.title
          : section === 'search'
            ? t.search.title
            : section === 'password'
              ? t.account.changePassword
              : undefined,
  );
  if (!session) return null;

  const tier = session.organisation.tier;
  const items = MENU.filter((e) => (e.can ? session.can[e.can] : e.tiers!.includes(tier))).map((e) => ({
    key: e.path,
    icon: e.icon,
    label: t.menu[e.key],
  }));
  const menu = (
    <Menu
      mode="inline"
      selectedKeys={[selected]}
      items={items}
      onClick={(e) => {
        setDrawer(false);
        void navigate(`/app/${e.key}`);
      }}
    />
  );
  const account = (
    <>
      <Typography.Text strong data-testid="user-org-name">
        <Zh>{session.organisation.name}</Zh>
      </Typography.Text>
      {/* the user menu: the account's own settings */}
      <Dropdown
        trigger={['click']}
        menu={{
          items: [{ key: 'password', icon: <KeyOutlined />, label: t.account.changePassword }],
          onClick: ({ key }) => navigate(`/app/${key}`),
        }}
      >
        <Button type="text" icon={<UserOutlined />} data-testid="user-menu">
          <Zh>{session.user.displayName}</Zh>
        </Button>
      </Dropdown>
      <span>
        {session.roles.map((r) => (
          <Tag key={r}>{m.role[r]}</Tag>
        ))}
      </span>
    </>
  );
  const signOutButton = (
    <Button data-testid="signout" icon={<LogoutOutlined />} loading={signOut.isPending} onClick={() => signOut.mutate()}>
      {t.signOut}
    </Button>
  );
  return (
    <Layout style={{ minHeight: '100vh' }}>
      {wide && (
        <Layout.Sider width={200} theme="light">
          <div style={{ padding: 16, fontWeight: 600, lineHeight: 1.4 }}>{t.appName}</div>
          {menu}
        </Layout.Sider>
      )}
      <Layout style={{ minWidth: 0 }}>
        <Layout.Header
          data-testid="app-header"
          style={{ background: '#fff', padding: wide ? '0 24px' : '0 12px', display: 'flex', alignItems: 'center', gap: 8 }}
        >
          {wide ? (
            <Space wrap size="middle" style={{ marginLeft: 'auto' }}>
              <SearchBox />
              {account}
              <NotificationBell />
              <LangSwitch />
              {signOutButton}
            </Space>
          ) : (
            <>
              <Button data-testid="menu-open" icon={<MenuOutlined />} aria-label={t.openMenu} onClick={() => setDrawer(true)} />
              <Typography.Text strong ellipsis style={{ flex: 1, minWidth: 0 }}>
                {t.appShortName}
              </Typography.Text>
              <NotificationBell />
              <LangSwitch compact />
            </>
          )}
        </Layout.Header>
        {!wide && (
          <Drawer placement="left" open={drawer} onClose={() => setDrawer(false)} title={t.appName} size={280} data-testid="menu-drawer">
            <Space orientation="vertical" style={{ padding: '0 0 16px' }}>
              <SearchBox width="100%" />
              {account}
              {signOutButton}
            </Space>
            {menu}
          </Drawer>
        )}
        <Layout.Content style={{ margin: wide ? 24 : 12, minWidth: 0 }}>
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
