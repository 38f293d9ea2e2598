import { CheckCircleTwoTone, ClockCircleOutlined } from '@ant-design/icons';
import type { SignatureRequest } from '@smartcity/domain';
import { App, Button, Card, Col, Descriptions, Form, Input, Modal, Row, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { ApiError } from '../api/client';
import { useSession } from '../api/session';
import { useI18n } from '../i18n';
import { Zh } from './Zh';

interface Signature {
  party: string;
  signerName: string;
  signerTitle: string;
  signedOn: string;
}

interface Props {
  title: string;
  /** the parties in the document's order, with the heading each gets (e.g. 住房和城乡建设部（甲方）) */
  parties: { party: string; heading: ReactNode }[];
  signatures: Signature[];
  canSign: boolean;
  /** the SM3 digest of the frozen version a signature now signs */
  digest: string | null;
  signing: boolean;
  sign(body: SignatureRequest, callbacks: { onSuccess(): void; onError(err: Error): void }): void;
  /** test ids: `${prefix}signature-<party>`, `${prefix}sign-open`, `${prefix}sign-digest`, `${prefix}sign-password`, `${prefix}sign-submit` */
  testIdPrefix?: string;
}

/**
 * A signature block: one card per party (signed or pending), and for a signatory who may sign now the signing dialog:
 * the name and 职务 the signature will carry (the account's), the SM3 digest it signs, and the password again.
 */
export function SignatureBlock({ title, parties, signatures, canSign, digest, signing, sign, testIdPrefix = '' }: Props) {
  const { t } = useI18n();
  const s = t.taskBook.signing;
  const { message } = App.useApp();
  const me = useSession().data?.user;
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<SignatureRequest>();
  const span = Math.floor(24 / parties.length);
  return (
    <Card title={title} style={{ marginBottom: 24 }} data-testid={`${testIdPrefix}signing`}>
      <Row gutter={[16, 16]}>
        {parties.map(({ party, heading }) => {
          const sig = signatures.find((x) => x.party === party);
          return (
            <Col xs={24} lg={span} key={party}>
              <Card
                size="small"
                data-testid={`${testIdPrefix}signature-${party}`}
                title={heading}
                extra={sig ? <CheckCircleTwoTone twoToneColor="#52c41a" /> : <ClockCircleOutlined />}
              >
                <Descriptions
                  size="small"
                  column={1}
                  items={[
                    {
                      key: 'name',
                      label: s.principal,
                      children: sig ? <Zh>{sig.signerName}</Zh> : <Typography.Text type="secondary">{s.pending}</Typography.Text>,
                    },
                    { key: 'title', label: s.signerTitle, children: <Zh>{sig?.signerTitle ?? '—'}</Zh> },
                    { key: 'date', label: s.signedOn, children: sig?.signedOn ?? '—' },
                  ]}
                />
              </Card>
            </Col>
          );
        })}
      </Row>
      {canSign && (
        <Button type="primary" style={{ marginTop: 16 }} data-testid={`${testIdPrefix}sign-open`} onClick={() => setOpen(true)}>
          {s.sign}
        </Button>
      )}
      <Modal
        open={open}
        title={s.confirmTitle}
        onCancel={() => setOpen(false)}
        destroyOnHidden
        footer={[
          <Button key="cancel" onClick={() => setOpen(false)}>
            {t.cancel}
          </Button>,
          <Button key="ok" type="primary" data-testid={`${testIdPrefix}sign-submit`} loading={signing} onClick={() => form.submit()}>
            {s.sign}
          </Button>,
        ]}
      >
        <Descriptions
          size="small"
          column={1}
          data-testid={`${testIdPrefix}sign-summary`}
          items={[
            { key: 'name', label: s.principal, children: me?.displayName ?? '—' },
            { key: 'title', label: s.signerTitle, children: me?.title ?? <Typography.Text type="danger">{s.noTitle}</Typography.Text> },
            {
              key: 'digest',
              label: s.digest,
              children: (
                <Typography.Text code copyable data-testid={`${testIdPrefix}sign-digest`} style={{ wordBreak: 'break-all' }}>
                  {digest ?? '—'}
                </Typography.Text>
              ),
            },
          ]}
        />
        <Form
          form={form}
          layout="vertical"
          style={{ marginTop: 16 }}
          onFinish={(v) =>
            sign(
              { password: v.password },
              {
                onSuccess: () => {
                  setOpen(false);
                  void message.success(s.done);
                },
                onError: (err) => {
                  if (err instanceof ApiError && err.field === 'password') form.setFields([{ name: 'password', errors: [err.message] }]);
                  else void message.error(err.message);
                },
              },
            )
          }
        >
          <Form.Item name="password" label={s.password} extra={s.passwordHint} rules={[{ required: true, message: s.password }]}>
            <Input.Password data-testid={`${testIdPrefix}sign-password`} autoComplete="current-password" maxLength={256} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
