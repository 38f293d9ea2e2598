import {
  ApartmentOutlined,
  AuditOutlined,
  FileDoneOutlined,
  FileProtectOutlined,
  FileSearchOutlined,
  FormOutlined,
  LogoutOutlined,
  NodeIndexOutlined,
  ScheduleOutlined,
  SolutionOutlined,
  StarOutlined,
  UnorderedListOutlined,
  UserAddOutlined,
} from '@ant-design/icons';
import type { SessionInfo, Tier } from '@smartcity/domain';
import { Button, Layout, Menu, Space, Tag, Typography } from 'antd';
import { useEffect, type ReactNode } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useSession, useSignOut } from '../api/session';
import { NotificationBell } from '../features/notifications/NotificationBell';
import { useI18n } from '../i18n';
import type { UiMessages } from '../i18n/zh-CN';
import { LangSwitch } from './LangSwitch';

type MenuKey = keyof UiMessages['menu'];

const ALL_BUT_APPLICANT: Tier[] = ['ministry', 'province', 'provincialGovernment', 'pilot', 'expert'];

/**
 * Which tiers see which menu entries (the server enforces the same limits); an entry with `can` shows by the session's
 * ability instead. Applicants get 申报 and 待办 only.
 */
const MENU: { key: MenuKey; path: string; icon: ReactNode; tiers?: Tier[]; can?: keyof SessionInfo['can'] }[] = [
  { key: 'pilots', path: 'pilots', icon: <UnorderedListOutlined />, tiers: ALL_BUT_APPLICANT },
  { key: 'calls', path: 'calls', icon: <FormOutlined />, tiers: ['ministry', 'province', 'applicant', 'expert'] },
  { key: 'todos', path: 'todos', icon: <ScheduleOutlined />, tiers: ['applicant'] },
  { key: 'taskBooks', path: 'task-books', icon: <FileProtectOutlined />, tiers: ALL_BUT_APPLICANT },
  { key: 'annualReports', path: 'annual-reports', icon: <FileDoneOutlined />, tiers: ['ministry', 'province', 'pilot'] },
  { key: 'inspections', path: 'inspections', icon: <FileSearchOutlined />, tiers: ['ministry', 'province', 'pilot'] },
  { key: 'acceptances', path: 'acceptances', icon: <StarOutlined />, tiers: ['ministry', 'province', 'pilot', 'expert'] },
  { key: 'agreements', path: 'agreements', icon: <SolutionOutlined />, tiers: ['ministry', 'provincialGovernment', 'province'] },
  { key: 'indicators', path: 'indicators', icon: <NodeIndexOutlined />, tiers: ALL_BUT_APPLICANT },
  { key: 'organisations', path: 'organisations', icon: <ApartmentOutlined />, tiers: ['ministry', 'province'] },
  { key: 'applicants', path: 'applicants', icon: <UserAddOutlined />, can: 'reviewApplicants' },
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
  const section = pathname.split('/')[2] ?? 'pilots';
  const selected = SECTION_OF[section] ?? section;
  // each page its own title (browser tabs, history, screen readers): the section, then the platform
  const heading = MENU.find((e) => e.path === selected)?.key;
  const pageName = heading ? t.menu[heading] : section === 'notifications' ? t.notifications.title : undefined;
  useEffect(() => {
    document.title = pageName ? `${pageName} - ${t.appName}` : t.appName;
  }, [pageName, t.appName]);
  if (!session) return null;

  const tier = session.organisation.tier;
  const items = MENU.filter((e) => (e.can ? session.can[e.can] : e.tiers!.includes(tier))).map((e) => ({
    key: e.path,
    icon: e.icon,
    label: t.menu[e.key],
  }));
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
            <NotificationBell />
            <LangSwitch />
            <Button data-testid="signout" icon={<LogoutOutlined />} loading={signOut.isPending} onClick={() => signOut.mutate()}>
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
