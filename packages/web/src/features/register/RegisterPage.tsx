import { applicantRegistrationSchema } from '@smartcity/domain';
import { Alert, Button, Card, Form, Input, Layout, Result, Select } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useRegisterApplicant } from '../../api/calls';
import { ApiError } from '../../api/client';
import { useProvinces } from '../../api/reference';
import { PublicHeader } from '../../components/PublicHeader';
import { useI18n } from '../../i18n';
import { zodRule } from '../pilots/zodRules';

interface Values {
  organisationName: string;
  provinceCode: string;
  adminCode?: string;
  displayName: string;
  password: string;
}
const FIELDS = ['organisationName', 'provinceCode', 'adminCode', 'displayName', 'password'] as const;

/** 申报城市注册 (public): an applicant government registers itself under its province, with its first administrator. */
export function RegisterPage() {
  const { t, lang } = useI18n();
  const r = t.register;
  const provinces = useProvinces();
  const register = useRegisterApplicant();
  const [form] = Form.useForm<Values>();
  const [done, setDone] = useState<string | null>(null);
  const shape = applicantRegistrationSchema.shape;
  const labels: Record<(typeof FIELDS)[number], string> = {
    organisationName: r.organisationName,
    provinceCode: r.province,
    adminCode: r.adminCode,
    displayName: r.displayName,
    password: r.password,
  };

  const onFinish = (v: Values) =>
    register.mutate(
      {
        ...v,
        organisationName: v.organisationName.trim(),
        displayName: v.displayName.trim(),
        adminCode: v.adminCode?.trim() || null,
      },
      {
        // the username is assigned (appl-<code>.admin): the applicant signs in with what is shown here
        onSuccess: (res) => setDone(res.user.username),
        onError: (err) => {
          const field = err instanceof ApiError ? FIELDS.find((f) => f === err.field) : undefined;
          if (field) form.setFields([{ name: field, errors: [err.message] }]);
        },
      },
    );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <PublicHeader page={t.register.title} />
      <Layout.Content style={{ display: 'flex', justifyContent: 'center', padding: '6vh 16px' }}>
        <Card title={r.title} style={{ width: 520, height: 'fit-content' }} data-testid="register">
          {done ? (
            <Result
              status="success"
              title={r.done}
              subTitle={done}
              extra={
                <Link to="/login">
                  <Button type="primary" data-testid="register-to-login">
                    {r.toLogin}
                  </Button>
                </Link>
              }
            />
          ) : (
            <Form<Values> form={form} layout="vertical" onFinish={onFinish}>
              <Form.Item
                name="organisationName"
                label={r.organisationName}
                rules={[
                  { required: true, whitespace: true, message: r.organisationName },
                  zodRule(shape.organisationName, lang, labels.organisationName),
                ]}
              >
                <Input data-testid="register-organisationName" placeholder={t.register.organisationPlaceholder} />
              </Form.Item>
              <Form.Item name="provinceCode" label={r.province} rules={[{ required: true, message: r.province }]}>
                <Select
                  data-testid="register-province"
                  showSearch={{ optionFilterProp: 'label' }}
                  loading={provinces.isPending}
                  options={(provinces.data?.items ?? []).filter((p) => p.mainland).map((p) => ({ value: p.code, label: p.name }))}
                />
              </Form.Item>
              <Form.Item name="adminCode" label={r.adminCode} rules={[zodRule(shape.adminCode, lang, labels.adminCode)]}>
                <Input data-testid="register-adminCode" inputMode="numeric" maxLength={6} />
              </Form.Item>
              <Form.Item
                name="displayName"
                label={r.displayName}
                rules={[{ required: true, whitespace: true, message: r.displayName }, zodRule(shape.displayName, lang, labels.displayName)]}
              >
                <Input data-testid="register-displayName" />
              </Form.Item>
              <Form.Item
                name="password"
                label={r.password}
                rules={[{ required: true, message: r.password }, zodRule(shape.password, lang, labels.password)]}
              >
                <Input.Password data-testid="register-password" autoComplete="new-password" />
              </Form.Item>
              {register.error && !(register.error instanceof ApiError && FIELDS.some((f) => f === (register.error as ApiError).field)) && (
                <Form.Item>
                  <Alert type="error" showIcon title={register.error.message} data-testid="register-error" />
                </Form.Item>
              )}
              <Button type="primary" htmlType="submit" block data-testid="register-submit" loading={register.isPending}>
                {r.submit}
              </Button>
            </Form>
          )}
        </Card>
      </Layout.Content>
    </Layout>
  );
}
