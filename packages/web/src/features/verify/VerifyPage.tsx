import type { PublicVerification } from '@smartcity/domain';
import { CheckCircleOutlined, CloseCircleOutlined } from '@ant-design/icons';
import { Card, Descriptions, Layout, Result, Spin, Table, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useEffect } from 'react';
import { useParams } from 'react-router';
import { ApiError } from '../../api/client';
import { usePublicVerification } from '../../api/verification';
import { PublicHeader } from '../../components/PublicHeader';
import { fmt, useI18n } from '../../i18n';

type Signature = PublicVerification['signatures'][number];
const NOWRAP = { whiteSpace: 'nowrap' } as const;
const RESULT_STATUS = { valid: 'success', notSigned: 'warning', invalid: 'error' } as const;

/** A check's outcome as an icon and words in the body colour (coloured tags fall short of WCAG contrast). */
const Check = ({ ok, children }: { ok: boolean; children: ReactNode }) => (
  <span style={NOWRAP}>
    {ok ? <CheckCircleOutlined aria-hidden /> : <CloseCircleOutlined aria-hidden />} {children}
  </span>
);

/**
 * 文本校验: where a printed document's link and QR code lead. Anyone can check, without signing in, that the text was
 * signed by every party and not changed since; a draft or partly signed version says 未签署, never 校验通过.
 */
export function VerifyPage() {
  const { id = '' } = useParams();
  const { t, m } = useI18n();
  const v = t.verify;
  const query = usePublicVerification(id);
  const data = query.data;
  useEffect(() => {
    document.title = `${v.title} - ${t.appName}`;
  }, [v.title, t.appName]);

  const partyLabel = (party: string) =>
    data?.kind === 'agreement'
      ? (t.agreement.party as Record<string, string>)[party]
      : ((m.party as Record<string, string>)[party] ?? party);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <PublicHeader />
      <Layout.Content style={{ padding: 24, maxWidth: 1100, width: '100%', margin: '0 auto' }}>
        <Typography.Title level={1} style={{ fontSize: 24 }}>
          {v.title}
        </Typography.Title>
        {query.isPending && <Spin />}
        {query.error && (
          <Result status={query.error instanceof ApiError && query.error.status === 404 ? '404' : 'error'} title={v.notFound} />
        )}
        {data && (
          <Card>
            <Result
              status={RESULT_STATUS[data.result]}
              title={<span data-testid="verify-result">{v.result[data.result]}</span>}
              subTitle={v.resultDetail[data.result]}
            />
            <Descriptions
              bordered
              column={1}
              size="small"
              items={[
                { key: 'document', label: v.document, children: <span lang="zh-CN">{data.title}</span> },
                ...(data.pilot ? [{ key: 'pilot', label: v.pilot, children: <span lang="zh-CN">{data.pilot}</span> }] : []),
                {
                  key: 'version',
                  label: v.version,
                  children: `${fmt(v.versionNumber, { n: data.version })}${data.current ? '' : v.superseded}`,
                },
                {
                  key: 'digest',
                  label: v.digest,
                  children: (
                    <>
                      <Typography.Text code copyable style={{ wordBreak: 'break-all' }} data-testid="verify-digest">
                        {data.digest}
                      </Typography.Text>{' '}
                      <Check ok={data.digestOk}>{data.digestOk ? v.digestOk : v.digestBad}</Check>
                    </>
                  ),
                },
              ]}
            />
            <Typography.Title level={2} style={{ fontSize: 18, marginTop: 24 }}>
              {v.signatures}
            </Typography.Title>
            {data.signatures.length === 0 && <Typography.Paragraph>{v.noSignatures}</Typography.Paragraph>}
            {data.signatures.length > 0 && (
              <Table<Signature>
                size="small"
                rowKey="party"
                pagination={false}
                dataSource={data.signatures}
                columns={[
                  { title: v.party, dataIndex: 'party', render: (p: string) => <span style={NOWRAP}>{partyLabel(p)}</span> },
                  { title: v.organisation, dataIndex: 'organisation', render: (o: string) => <span lang="zh-CN">{o}</span> },
                  { title: v.signer, dataIndex: 'signerName', render: (s: string) => <span lang="zh-CN">{s}</span> },
                  { title: v.signerTitle, dataIndex: 'signerTitle', render: (s: string) => <span lang="zh-CN">{s}</span> },
                  { title: v.signedOn, dataIndex: 'signedOn', render: (d: string) => <span style={NOWRAP}>{d}</span> },
                  {
                    title: v.fingerprint,
                    dataIndex: 'keyFingerprint',
                    render: (f: string) => (
                      <Typography.Text code style={{ wordBreak: 'break-all' }}>
                        {f}
                      </Typography.Text>
                    ),
                  },
                  {
                    title: v.check,
                    dataIndex: 'ok',
                    render: (ok: boolean) => <Check ok={ok}>{ok ? v.signatureOk : v.signatureBad}</Check>,
                  },
                ]}
              />
            )}
            {data.signatures.length < data.parties.length && (
              <Typography.Paragraph style={{ marginTop: 12 }}>
                {fmt(v.awaiting, { n: data.parties.length - data.signatures.length })}
              </Typography.Paragraph>
            )}
          </Card>
        )}
      </Layout.Content>
    </Layout>
  );
}
