import { Card, Grid, Layout } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { PublicFooter } from '../../components/PublicFooter';
import { PublicHeader } from '../../components/PublicHeader';
import { useI18n } from '../../i18n';

/** A page of the portal below its home (a notice, a pilot, search results): header, one card with the way back, footer. */
export function PublicShell({ page, children, testId }: { page: string; children: ReactNode; testId?: string }) {
  const { t } = useI18n();
  const wide = Grid.useBreakpoint().md ?? true;
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <PublicHeader page={page} />
      <Layout.Content style={{ padding: wide ? 24 : 12, maxWidth: 960, margin: '0 auto', width: '100%' }}>
        <Card data-testid={testId} extra={<Link to="/">{t.portal.back}</Link>}>
          {children}
        </Card>
      </Layout.Content>
      <PublicFooter />
    </Layout>
  );
}
