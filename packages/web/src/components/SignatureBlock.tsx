import { CheckCircleTwoTone, ClockCircleOutlined } from '@ant-design/icons';
import { signatureRequestSchema } from '@smartcity/domain';
import { App, Button, Card, Col, Descriptions, Form, Input, Row, Typography } from 'antd';
import { zodRule } from '../features/pilots/zodRules';
import { useI18n } from '../i18n';

interface Signature {
  party: string;
  signerName: string;
  signerTitle: string;
  signedOn: string;
}

interface Props {
  title: string;
  /** the parties in the document's order, with the heading each gets (e.g. 住房和城乡建设部（甲方）) */
  parties: { party: string; heading: string }[];
  signatures: Signature[];
  canSign: boolean;
  signing: boolean;
  sign(body: { name: string; title: string }, callbacks: { onSuccess(): void; onError(err: Error): void }): void;
  /** test ids: `${prefix}signature-<party>`, `${prefix}sign-name`, `${prefix}sign-title`, `${prefix}sign-submit` */
  testIdPrefix?: string;
}

/** A signature block: one card per party (signed or pending), and the signing form for a signatory who may sign now. */
export function SignatureBlock({ title, parties, signatures, canSign, signing, sign, testIdPrefix = '' }: Props) {
  const { t, lang } = useI18n();
  const s = t.taskBook.signing;
  const { message } = App.useApp();
  const [form] = Form.useForm<{ name: string; title: string }>();
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
                      children: sig ? sig.signerName : <Typography.Text type="secondary">{s.pending}</Typography.Text>,
                    },
                    { key: 'title', label: s.signerTitle, children: sig?.signerTitle ?? '—' },
                    { key: 'date', label: s.signedOn, children: sig?.signedOn ?? '—' },
                  ]}
                />
              </Card>
            </Col>
          );
        })}
      </Row>
      {canSign && (
        <Form
          form={form}
          layout="inline"
          style={{ marginTop: 16, rowGap: 8 }}
          onFinish={(v) =>
            sign(
              { name: v.name.trim(), title: v.title.trim() },
              { onSuccess: () => void message.success(s.done), onError: (err) => void message.error(err.message) },
            )
          }
        >
          <Form.Item
            name="name"
            label={s.name}
            rules={[{ required: true, whitespace: true, message: s.name }, zodRule(signatureRequestSchema.shape.name, lang, s.name)]}
          >
            <Input data-testid={`${testIdPrefix}sign-name`} style={{ width: 180 }} />
          </Form.Item>
          <Form.Item
            name="title"
            label={s.signerTitle}
            rules={[
              { required: true, whitespace: true, message: s.signerTitle },
              zodRule(signatureRequestSchema.shape.title, lang, s.signerTitle),
            ]}
          >
            <Input data-testid={`${testIdPrefix}sign-title`} style={{ width: 220 }} />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" data-testid={`${testIdPrefix}sign-submit`} loading={signing}>
              {s.sign}
            </Button>
          </Form.Item>
        </Form>
      )}
    </Card>
  );
}
