import { Layout, Typography } from 'antd';
import { useSite } from '../api/reference';
import { fmt, useI18n } from '../i18n';
import { Zh } from './Zh';

/** The footer a government site carries: 主办单位 and how to reach it, as the deployment configures them. */
export function PublicFooter() {
  const { t } = useI18n();
  const site = useSite().data;
  if (!site) return null;
  const [before, after] = t.portal.sponsor.split('{sponsor}');
  return (
    <Layout.Footer data-testid="public-footer" style={{ textAlign: 'center' }}>
      <Typography.Text>
        {before}
        <Zh>{site.sponsor}</Zh>
        {after}
      </Typography.Text>
      {site.contact && (
        <div>
          <Typography.Text>{fmt(t.portal.contact, { contact: '' })}</Typography.Text>
          <Zh>{site.contact}</Zh>
        </div>
      )}
    </Layout.Footer>
  );
}
