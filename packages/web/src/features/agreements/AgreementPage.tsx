import { RecordTabs } from '../../components/RecordHistory';
import { EditOutlined, FilePdfOutlined, FileWordOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { AGREEMENT_PARTIES } from '@smartcity/domain';
import { Alert, App, Button, Card, Descriptions, Form, Result, Space, Spin, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import {
  agreementDocumentHref,
  useAgreement,
  useAgreementTransition,
  useSignAgreement,
  useUpdateAgreement,
  useVerifyAgreement,
} from '../../api/agreements';
import { useSession } from '../../api/session';
import type { AgreementView } from '../../api/types';
import { ActionBar } from '../../components/ActionBar';
import { SignatureBlock } from '../../components/SignatureBlock';
import { StateTag } from '../../components/StateTag';
import { FormDialog } from '../../components/FormDialog';
import { WithReason } from '../../components/WithReason';
import { Zh } from '../../components/Zh';
import { fmt, useI18n } from '../../i18n';
import { PageTrail } from '../../components/PageTrail';
import { AgreementContentFields, CONTENT_KEYS } from './AgreementContentFields';

export function AgreementPage() {
  const { t } = useI18n();
  const g = t.agreement;
  const { id = '' } = useParams();
  const query = useAgreement(id);
  const transition = useAgreementTransition(id);
  const verify = useVerifyAgreement(id);
  const { message } = App.useApp();
  const ministry = useSession().data?.organisation.tier === 'ministry';
  if (query.isPending) return <Spin size="large" />;
  if (query.error) return <Result status="warning" title={query.error.message} extra={<Link to="/app/agreements">{g.list}</Link>} />;
  const ag = query.data;
  return (
    <div data-testid="agreement">
      <PageTrail name={ag.government.name} />
      <Card
        style={{ marginBottom: 24 }}
        title={
          <Space wrap>
            <span>
              <Zh>{ag.government.name}</Zh> · {g.list}
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
              children: (
                <span lang="zh-CN" style={{ whiteSpace: 'pre-wrap' }}>
                  {ag.content[k] || '—'}
                </span>
              ),
            })),
            ...(ag.digest ? [{ key: 'digest', label: g.digest, children: <Typography.Text code>{ag.digest}</Typography.Text> }] : []),
          ]}
        />
        <Space wrap style={{ marginTop: 16 }}>
          {ministry && <EditText ag={ag} />}
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
      <RecordTabs records="agreements" id={id}>
        {ag.status !== 'draft' && <Signatures ag={ag} />}
      </RecordTabs>
    </div>
  );
}

function Signatures({ ag }: { ag: AgreementView }) {
  const { t, m } = useI18n();
  const g = t.agreement;
  const sign = useSignAgreement(ag.id);
  return (
    <SignatureBlock
      title={g.signingTitle}
      parties={AGREEMENT_PARTIES.map((party) => ({
        party,
        heading:
          party === 'provincialGovernment' ? (
            <>
              <Zh>{ag.government.name}</Zh>
              {fmt(t.partySuffix, { party: m.party.pilot })}
            </>
          ) : (
            g.party[party]
          ),
      }))}
      signatures={ag.signatures}
      canSign={ag.abilities.sign}
      digest={ag.digest}
      signing={sign.isPending}
      sign={(body, callbacks) => sign.mutate(body, callbacks)}
      testIdPrefix="agreement-"
    />
  );
}

/**
 * 修改协议文本: the Ministry edits the draft's texts; once frozen for signing the button stays, disabled, with the
 * reason (the server refuses it then too).
 */
function EditText({ ag }: { ag: AgreementView }) {
  const { t } = useI18n();
  const g = t.agreement;
  const { message } = App.useApp();
  const [form] = Form.useForm<AgreementView['content']>();
  const update = useUpdateAgreement(ag);
  return (
    <FormDialog
      form={form}
      title={g.editText}
      okText={t.save}
      okTestId="agreement-edit-submit"
      width={720}
      pending={update.isPending}
      initialValues={ag.content}
      trigger={(open) => (
        <WithReason reason={ag.status === 'draft' ? null : g.editDraftOnly} testId="agreement-edit-reason">
          <Button icon={<EditOutlined />} data-testid="agreement-edit" disabled={!ag.abilities.edit} onClick={open}>
            {g.editText}
          </Button>
        </WithReason>
      )}
      onFinish={(content, close) =>
        update.mutate(content, {
          onSuccess: () => {
            close();
            void message.success(g.textSaved);
          },
          // the fields are checked by the same schema before sending: what is left is a conflict or a state change
          onError: (err) => void message.error(err.message),
        })
      }
    >
      <AgreementContentFields />
    </FormDialog>
  );
}
