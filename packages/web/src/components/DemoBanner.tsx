import { Alert } from 'antd';
import { useSite } from '../api/reference';
import { fmt, useI18n } from '../i18n';

/** 演示数据: on every page, signed in or not, while the deployment holds the demo programme. */
export function DemoBanner() {
  const { t } = useI18n();
  const demo = useSite().data?.demo;
  if (!demo) return null;
  return (
    <Alert
      banner
      type="warning"
      role="note"
      data-testid="demo-banner"
      title={<strong>{t.demo.banner}</strong>}
      description={fmt(t.demo.detail, demo)}
      style={{ padding: '4px 16px' }}
    />
  );
}

/** Whether ratings and figures should be labelled as demo data. */
export const useIsDemo = () => Boolean(useSite().data?.demo);
