import { CheckCircleTwoTone, ClockCircleOutlined } from '@ant-design/icons';
import { signatureRequestSchema, SIGNING_PARTIES, type SigningParty } from '@smartcity/domain';
import { App, Button, Card, Col, Descriptions, Form, Input, Row, Typography } from 'antd';
import { useSignTaskBook } from '../../api/taskBooks';
import type { TaskBookView } from '../../api/types';
import { useI18n } from '../../i18n';
import { zodRule } from '../pilots/zodRules';

/** The signature block in 附件2's order: 甲方 the Ministry, 乙方 the pilot government, 丙方 the supervising province. */
export function SigningCard({ book }: { book: TaskBookView }) {
  const { t, m, lang } = useI18n();
  const s = t.taskBook.signing;
  const { message } = App.useApp();
  const sign = useSignTaskBook(book.id);
  const [form] = Form.useForm<{ name: string; title: string }>();
  const names: Record<SigningParty, string> = { ministry: s.ministry, pilot: book.pilot.organisationName, province: book.province.name };

  return (
    <Card id="signing" title={s.title} data-testid="signing" style={{ marginBottom: 24 }}>
      <Row gutter={[16, 16]}>
        {SIGNING_PARTIES.map((party) => {
          const sig = book.signatures.find((x) => x.party === party);
          return (
            <Col xs={24} lg={8} key={party}>
              <Card size="small" data-testid={`signature-${party}`} title={`${names[party]}（${m.party[party]}）`} extra={sig ? <CheckCircleTwoTone twoToneColor="#52c41a" /> : <ClockCircleOutlined />}>
                <Descriptions
                  size="small"
                  column={1}
                  items={[
                    { key: 'name', label: s.principal, children: sig ? sig.signerName : <Typography.Text type="secondary">{s.pending}</Typography.Text> },
                    { key: 'title', label: s.signerTitle, children: sig?.signerTitle ?? '—' },
                    { key: 'date', label: s.signedOn, children: sig?.signedOn ?? '—' },
                  ]}
                />
              </Card>
            </Col>
          );
        })}
      </Row>
      {book.abilities.sign && (
        <Form
          form={form}
          layout="inline"
          style={{ marginTop: 16, rowGap: 8 }}
          onFinish={(values) =>
            sign.mutate(
              { name: values.name.trim(), title: values.title.trim() },
              { onSuccess: () => void message.success(s.done), onError: (err) => void message.error(err.message) },
            )
          }
        >
          <Form.Item name="name" label={s.name} rules={[{ required: true, whitespace: true, message: s.name }, zodRule(signatureRequestSchema.shape.name, lang, s.name)]}>
            <Input data-testid="sign-name" style={{ width: 180 }} />
          </Form.Item>
          <Form.Item name="title" label={s.signerTitle} rules={[{ required: true, whitespace: true, message: s.signerTitle }, zodRule(signatureRequestSchema.shape.title, lang, s.signerTitle)]}>
            <Input data-testid="sign-title" style={{ width: 220 }} />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" data-testid="sign-submit" loading={sign.isPending}>
              {s.sign}
            </Button>
          </Form.Item>
        </Form>
      )}
    </Card>
  );
}
