import { Descriptions, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Zh } from '../../components/Zh';
import { useI18n } from '../../i18n';

interface Shown {
  title: string;
  docNumber: string | null;
  issuer: string;
  issuedOn: string;
  body: string;
}

/**
 * A notice as printed: title, 文号, issuing office and date, then the body. The body is HTML the server has already
 * cut down to its allow-list (no scripts, handlers or javascript: links), an official document kept in Chinese.
 */
export function NoticeBody({ notice, extra }: { notice: Shown; extra?: ReactNode }) {
  const { t } = useI18n();
  const n = t.notices;
  return (
    <article data-testid="notice-article">
      <Typography.Title level={2} style={{ fontSize: 20, textAlign: 'center' }}>
        <Zh>{notice.title}</Zh>
      </Typography.Title>
      <Descriptions
        size="small"
        column={{ xs: 1, md: 3 }}
        items={[
          { key: 'doc', label: n.docNumber, children: notice.docNumber ? <Zh>{notice.docNumber}</Zh> : '—' },
          { key: 'issuer', label: n.issuer, children: <Zh>{notice.issuer}</Zh> },
          { key: 'date', label: n.issuedOn, children: notice.issuedOn },
        ]}
      />
      {extra}
      <div lang="zh-CN" data-testid="notice-body-text" className="notice-body" dangerouslySetInnerHTML={{ __html: notice.body }} />
    </article>
  );
}
