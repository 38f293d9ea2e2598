import { ArrowLeftOutlined, FilePdfOutlined, FileWordOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { AGREEMENT_PARTIES } from '@smartcity/domain';
import { Alert, App, Button, Card, Descriptions, Result, Space, Spin, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { agreementDocumentHref, useAgreement, useAgreementTransition, useSignAgreement, useVerifyAgreement } from '../../api/agreements';
import type { AgreementView } from '../../api/types';
import { ActionBar } from '../../components/ActionBar';
import { SignatureBlock } from '../../components/SignatureBlock';
import { StateTag } from '../../components/StateTag';
import { useI18n } from '../../i18n';

const CONTENT_KEYS = ['goals', 'ministryDuties', 'provinceDuties', 'support', 'term'] as const;

export function AgreementPage() {
  const { t } = useI18n();
  const g = t.agreement;
  const { id = '' } = useParams();
  const query = useAgreement(id);
  const transition = useAgreementTransition(id);
  const verify = useVerifyAgreement(id);
  const { message } = App.useApp();
  if (query.isPending) return <Spin size="large" />;
  if (query.error) return <Result status="warning" title={query.error.message} extra={<Link to="/app/agreements">{g.list}</Link>} />;
  const ag = query.data;
  return (
    <div data-testid="agreement">
      <Card
        style={{ marginBottom: 24 }}
        title={
          <Space wrap>
            <Link to="/app/agreements" title={g.list}>
              <ArrowLeftOutlined />
            </Link>
            <span>
              {ag.government.name} · {g.list}
            </span>
            <StateTag labels="agreementStatus" status={ag.status} testId="agreement-status" />
          </Space>
        }
        extra={
          <ActionBar
            actions={ag.actions}
            testIdPrefix="agreement-action"
            label={(a) => (a === 'freeze' ? g.freeze : a)}
            pendingAction={transition.isPending ? transition.variables : undefined}
            fire={(body, done) => transition.mutate(body.action, { onSuccess: done, onError: (err) => void message.error(err.message) })}
          />
        }
      >
        <Descriptions
          bordered
          size="small"
          column={1}
          items={[
            ...CONTENT_KEYS.map((k) => ({
              key: k,
              label: g.content[k],
              children: <span style={{ whiteSpace: 'pre-wrap' }}>{ag.content[k] || '—'}</span>,
            })),
            ...(ag.digest ? [{ key: 'digest', label: g.digest, children: <Typography.Text code>{ag.digest}</Typography.Text> }] : []),
          ]}
        />
        <Space wrap style={{ marginTop: 16 }}>
          <Button icon={<FileWordOutlined />} href={agreementDocumentHref(ag.id, 'docx')} data-testid="agreement-docx">
            {t.taskBook.downloadDocx}
          </Button>
          <Button icon={<FilePdfOutlined />} href={agreementDocumentHref(ag.id, 'pdf')} data-testid="agreement-pdf">
            {t.taskBook.downloadPdf}
          </Button>
          {ag.status !== 'draft' && (
            <Button
              icon={<SafetyCertificateOutlined />}
              data-testid="agreement-verify"
              loading={verify.isPending}
              onClick={() => verify.mutate()}
            >
              {t.taskBook.verify.button}
            </Button>
          )}
        </Space>
        {verify.data && (
          <Alert
            data-testid="agreement-verify-result"
            style={{ marginTop: 12 }}
            type={verify.data.ok ? 'success' : 'error'}
            showIcon
            title={verify.data.ok ? t.taskBook.verify.ok : t.taskBook.verify.failed}
          />
        )}
        {verify.error && <Alert style={{ marginTop: 12 }} type="error" showIcon title={verify.error.message} />}
      </Card>
      {ag.status !== 'draft' && <Signatures ag={ag} />}
    </div>
  );
}

function Signatures({ ag }: { ag: AgreementView }) {
  const { t } = useI18n();
  const g = t.agreement;
  const sign = useSignAgreement(ag.id);
  return (
    <SignatureBlock
      title={t.taskBook.signing.title.replace('三方', '双方')}
      parties={AGREEMENT_PARTIES.map((party) => ({
        party,
        heading: party === 'provincialGovernment' ? `${ag.government.name}（乙方）` : g.party[party],
      }))}
      signatures={ag.signatures}
      canSign={ag.abilities.sign}
      signing={sign.isPending}
      sign={(body, callbacks) => sign.mutate(body, callbacks)}
      testIdPrefix="agreement-"
    />
  );
}
