import { SaveOutlined } from '@ant-design/icons';
import { applicationInputSchema, DECLARATIONS, PILOT_KINDS, type ApplicationInput } from '@smartcity/domain';
import { CheckSquareOutlined, BorderOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Col, Descriptions, Form, Input, Row, Select, Space } from 'antd';
import { useEffect } from 'react';
import { ApiError } from '../../api/client';
import { useUpdateApplication } from '../../api/calls';
import type { ApplicationDetail } from '../../api/types';
import { useI18n } from '../../i18n';
import { issueMessage } from '../pilots/zodRules';
import { Zh } from '../../components/Zh';

interface Values {
  name: string;
  kind: ApplicationInput['kind'];
  adminCode?: string | null;
  summary?: string;
  declarations: Record<string, boolean>;
  contact: { name?: string; phone?: string };
}

const toValues = (app: ApplicationDetail): Values => ({
  name: app.name,
  kind: app.kind,
  adminCode: app.adminCode,
  summary: app.summary,
  declarations: Object.fromEntries(DECLARATIONS.map((d) => [d, app.declarations[d] === true])),
  contact: { ...app.contact },
});

/** The application's own fields; editable by the applicant's editors while a draft, saved with If-Match. */
export function ApplicationForm({ app }: { app: ApplicationDetail }) {
  const { t, m, lang } = useI18n();
  const a = t.application;
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const update = useUpdateApplication(app.id);
  const editable = app.abilities.edit;
  const stale = update.error instanceof ApiError && update.error.code === 'stale_version';

  // after a save or a reload the form shows the record as it now is
  useEffect(() => {
    if (editable) form.setFieldsValue(toValues(app));
  }, [form, app, editable]);

  const labelOf = (path: (string | number | symbol)[]) => {
    const [head, sub] = path.map(String);
    if (head === 'contact') return sub === 'phone' ? a.contactPhone : a.contactName;
    if (head === 'declarations') return a.declarations;
    return ((a as Record<string, unknown>)[head ?? ''] as string | undefined) ?? head ?? '';
  };

  const onFinish = (v: Values) => {
    const input = {
      name: (v.name ?? '').trim(),
      kind: v.kind,
      adminCode: v.adminCode?.trim() ? v.adminCode.trim() : null,
      summary: v.summary ?? '',
      declarations: Object.fromEntries(DECLARATIONS.map((d) => [d, Boolean(v.declarations?.[d])])),
      contact: { name: (v.contact?.name ?? '').trim(), phone: (v.contact?.phone ?? '').trim() },
    };
    const parsed = applicationInputSchema.safeParse(input);
    if (!parsed.success) {
      form.setFields(
        parsed.error.issues.map((i) => ({
          name: i.path as (string | number)[] as never,
          errors: [issueMessage(lang, i, labelOf(i.path))],
        })),
      );
      return;
    }
    update.mutate(
      { version: app.version, input: parsed.data },
      { onSuccess: () => void message.success(t.saved), onError: (err) => void message.error(err.message) },
    );
  };

  if (!editable) return <ReadOnly app={app} />;
  return (
    <Card
      title={a.title}
      style={{ marginBottom: 24 }}
      data-testid="application-form"
      extra={
        editable && (
          <Button type="primary" icon={<SaveOutlined />} data-testid="app-save" loading={update.isPending} onClick={() => form.submit()}>
            {t.save}
          </Button>
        )
      }
    >
      {update.error && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={update.error.message}
          action={
            stale && (
              <Button size="small" onClick={() => update.reset()}>
                {t.reload}
              </Button>
            )
          }
        />
      )}
      <Form<Values> form={form} layout="vertical" disabled={!editable} onFinish={onFinish} initialValues={toValues(app)}>
        <Row gutter={16}>
          <Col xs={24} md={10}>
            <Form.Item name="name" label={a.name} rules={[{ required: true, whitespace: true, message: a.name }]}>
              <Input data-testid="app-field-name" maxLength={60} />
            </Form.Item>
          </Col>
          <Col xs={24} md={7}>
            <Form.Item name="kind" label={a.kind} rules={[{ required: true, message: a.kind }]}>
              <Select data-testid="app-field-kind" options={PILOT_KINDS.map((k) => ({ value: k, label: m.pilotKind[k] }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={7}>
            <Form.Item name="adminCode" label={a.adminCode}>
              <Input data-testid="app-field-adminCode" inputMode="numeric" maxLength={6} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="summary" label={a.summary}>
          <Input.TextArea data-testid="app-field-summary" autoSize={{ minRows: 4, maxRows: 12 }} maxLength={5000} showCount />
        </Form.Item>
        <Form.Item label={a.declarations} required>
          {DECLARATIONS.map((d) => (
            <Form.Item key={d} name={['declarations', d]} valuePropName="checked" style={{ marginBottom: 4 }}>
              <Checkbox data-testid={`declaration-${d}`}>{m.declaration[d]}</Checkbox>
            </Form.Item>
          ))}
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name={['contact', 'name']} label={`${a.contact} · ${a.contactName}`}>
              <Input data-testid="app-field-contactName" maxLength={50} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name={['contact', 'phone']} label={`${a.contact} · ${a.contactPhone}`}>
              <Input data-testid="app-field-contactPhone" maxLength={40} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Card>
  );
}

/** The application as submitted: read, not a disabled form. */
function ReadOnly({ app }: { app: ApplicationDetail }) {
  const { t, m } = useI18n();
  const a = t.application;
  return (
    <Card title={a.title} style={{ marginBottom: 24 }} data-testid="application-form">
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, md: 3 }}
        items={[
          { key: 'name', label: a.name, children: <Zh>{app.name}</Zh> },
          { key: 'kind', label: a.kind, children: m.pilotKind[app.kind] },
          { key: 'adminCode', label: a.adminCode, children: app.adminCode ?? '—' },
          {
            key: 'summary',
            label: a.summary,
            span: 3,
            children: (
              <span lang="zh-CN" style={{ whiteSpace: 'pre-wrap' }}>
                {app.summary || '—'}
              </span>
            ),
          },
          {
            key: 'declarations',
            label: a.declarations,
            span: 3,
            children: (
              <Space direction="vertical" size={2}>
                {DECLARATIONS.map((d) => (
                  <span key={d} data-testid={`declaration-${d}`}>
                    {app.declarations[d] ? <CheckSquareOutlined style={{ color: '#52c41a' }} /> : <BorderOutlined />} {m.declaration[d]}
                  </span>
                ))}
              </Space>
            ),
          },
          {
            key: 'contact',
            label: a.contact,
            span: 3,
            children: <Zh>{[app.contact?.name, app.contact?.phone].filter(Boolean).join('　') || '—'}</Zh>,
          },
        ]}
      />
    </Card>
  );
}
