import { Breadcrumb } from 'antd';
import type { ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import { useI18n, usePageTitle } from '../i18n';
import type { UiMessages } from '../i18n/zh-CN';
import { Zh } from './Zh';

type RecordPage = Exclude<keyof UiMessages['crumbs'], 'label'>;

/**
 * The record pages, by their path under /app: the list each sits under (a menu entry, whose key is its path) and the page's
 * own name.
 * Records of a pilot sit under the registry, with the pilot between (试点名录 / 无锡市 / 创建任务书).
 */
const RECORD_PAGES: Record<string, { list: 'pilots' | 'calls' | 'agreements'; page: RecordPage }> = {
  pilots: { list: 'pilots', page: 'pilot' },
  'task-books': { list: 'pilots', page: 'taskBook' },
  'annual-reports': { list: 'pilots', page: 'annualReport' },
  inspections: { list: 'pilots', page: 'inspection' },
  acceptances: { list: 'pilots', page: 'acceptance' },
  extensions: { list: 'pilots', page: 'extension' },
  calls: { list: 'calls', page: 'call' },
  applications: { list: 'calls', page: 'application' },
  agreements: { list: 'agreements', page: 'agreement' },
};

/** Whether a path under /app is a record page (its title comes from here, not from the menu). */
export const isRecordPage = (pathname: string) => pathname.split('/').length > 3 && pathname.split('/')[2]! in RECORD_PAGES;

/**
 * A record page's breadcrumb: its list, the record it belongs to (a pilot, a call) and its own name (a proper name, or the
 * page's label); the document title is the page's label.
 */
export function PageTrail({ owner, name }: { owner?: { name: ReactNode; to: string }; name?: string }) {
  const { t } = useI18n();
  const section = useLocation().pathname.split('/')[2] ?? '';
  const { list, page } = RECORD_PAGES[section] ?? { list: 'pilots', page: 'pilot' };
  usePageTitle(t.crumbs[page]);
  return (
    <Breadcrumb
      aria-label={t.crumbs.label}
      data-testid="breadcrumb"
      style={{ marginBottom: 12 }}
      items={[
        { key: 'list', title: <Link to={`/app/${list}`}>{t.menu[list]}</Link> },
        ...(owner ? [{ key: 'owner', title: <Link to={owner.to}>{owner.name}</Link> }] : []),
        { key: 'page', title: name ? <Zh>{name}</Zh> : t.crumbs[page] },
      ]}
    />
  );
}
