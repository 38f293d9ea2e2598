import { Alert } from 'antd';
import type { ReactNode } from 'react';
import { fmt, useI18n } from '../i18n';
import { Named } from './Zh';
import { beijingTime } from './time';

interface Review {
  action: string;
  reason: string | null;
  byName: string;
  at: string;
}

/**
 * 已被退回: a draft that came back says so at the top — who returned it, when, and the opinions — so its editor does not
 * have to find the review history at the bottom of the page. `isReturn` tells the lifecycle's return actions.
 */
export function ReturnedBanner<R extends Review>({
  draft,
  reviews,
  isReturn,
  details,
}: {
  draft: boolean;
  reviews: R[];
  isReturn: (action: string) => boolean;
  /** the opinions by section or item, as lines */
  details: (review: R) => ReactNode[];
}) {
  const { t } = useI18n();
  const latest = reviews.reduce<R | undefined>((a, r) => (!a || r.at > a.at ? r : a), undefined);
  if (!draft || !latest || !isReturn(latest.action)) return null;
  return (
    <Alert
      data-testid="returned-banner"
      type="warning"
      showIcon
      style={{ marginTop: 16 }}
      title={<Named text={fmt(t.returned, { by: latest.byName, at: beijingTime(latest.at) })} names={[latest.byName]} />}
      description={
        <>
          {latest.reason && <div lang="zh-CN">{latest.reason}</div>}
          {details(latest).map((line, i) => (
            <div key={i}>{line}</div>
          ))}
        </>
      }
    />
  );
}
