import { Breadcrumb } from 'antd';
import type { ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import { useI18n, usePageTitle } from '../i18n';
import type { UiMessages } from '../i18n/zh-CN';
import { Zh } from './Zh';

type RecordPage = Exclude<keyof UiMessages['crumbs'], 'label'>;
type List = 'pilots' | 'calls' | 'agreements' | 'platformResources' | 'sharingRequests';
/** a list's path under /app, where it is not its menu key */
const LIST_PATHS: Partial<Record<List, string>> = { platformResources: 'platform/resources', sharingRequests: 'platform/sharing-requests' };

/**
 * The record pages, by their path under /app: the list each sits under (a menu entry, whose key is its path) and the page's
 * own name.
 * Records of a pilot sit under the registry, with the pilot between (试点名录 / 无锡市 / 创建任务书).
 */
const RECORD_PAGES: Record<string, { list: List; page: RecordPage }> = {
  pilots: { list: 'pilots', page: 'pilot' },
  'task-books': { list: 'pilots', page: 'taskBook' },
  'annual-reports': { list: 'pilots', page: 'annualReport' },
  inspections: { list: 'pilots', page: 'inspection' },
  acceptances: { list: 'pilots', page: 'acceptance' },
  extensions: { list: 'pilots', page: 'extension' },
  calls: { list: 'calls', page: 'call' },
  applications: { list: 'calls', page: 'application' },
  agreements: { list: 'agreements', page: 'agreement' },
  'platform/resources': { list: 'platformResources', page: 'resource' },
  'platform/sharing-requests': { list: 'sharingRequests', page: 'sharingRequest' },
};

/** The parts of a path under /app that name its section: one (task-books), or two under the city platform (platform/resources). */
const sectionParts = (pathname: string) => {
  const parts = pathname.split('/').slice(2);
  return { parts, n: parts[0] === 'platform' && parts.length > 1 ? 2 : 1 };
};

/** The section a path under /app is in, as the menu's paths name them ('' for /app itself). */
export function sectionOf(pathname: string): string {
  const { parts, n } = sectionParts(pathname);
  return parts.slice(0, n).join('/');
}

/** Whether a path under /app is a record page (its title comes from here, not from the menu). */
export function isRecordPage(pathname: string): boolean {
  const { parts, n } = sectionParts(pathname);
  return parts.length > n && parts.slice(0, n).join('/') in RECORD_PAGES;
}

/**
 * A record page's breadcrumb: its list, the record it belongs to (a pilot, a call) and its own name (a proper name, or the
 * page's label); the document title is the page's label.
 */
export function PageTrail({ owner, name }: { owner?: { name: ReactNode; to: string }; name?: string }) {
  const { t } = useI18n();
  const section = sectionOf(useLocation().pathname);
  const { list, page } = RECORD_PAGES[section] ?? { list: 'pilots', page: 'pilot' };
  usePageTitle(t.crumbs[page]);
  return (
    <Breadcrumb
      aria-label={t.crumbs.label}
      data-testid="breadcrumb"
      style={{ marginBottom: 12 }}
      items={[
        { key: 'list', title: <Link to={`/app/${LIST_PATHS[list] ?? list}`}>{t.menu[list]}</Link> },
        ...(owner ? [{ key: 'owner', title: <Link to={owner.to}>{owner.name}</Link> }] : []),
        { key: 'page', title: name ? <Zh>{name}</Zh> : t.crumbs[page] },
      ]}
    />
  );
}
