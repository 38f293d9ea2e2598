import { PlusOutlined } from '@ant-design/icons';
import { departmentCreateSchema } from '@smartcity/domain';
import { Alert, App, Button, Card, Form, Input, Table, Typography, type TableColumnsType } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../../api/client';
import { useAddDepartment, useDepartments, useSharingRequests, type Department } from '../../api/platform';
import { useSession } from '../../api/session';
import { emptyLocale } from '../../components/EmptyState';
import { FormDialog } from '../../components/FormDialog';
import { sortBy } from '../../components/sorting';
import { Zh } from '../../components/Zh';
import { fmt, useI18n } from '../../i18n';
import { zodRule } from '../pilots/zodRules';
import { platformAbilities } from './abilities';
import { HealthCard } from './HealthCard';
import { PlatformYearsCard } from './PlatformYearsCard';
import { SharingRequestTable } from './SharingRequestTable';
import { PageHeading } from '../../components/PageHeading';

/**
 * 平台概况: how each platform in view is doing; for the pilot's own people also the city platform's departments with
 * what each provides, and the sharing requests left unanswered past their ten working days, which the platform administrator (the pilot government's administrators) may settle; the
 * administrator adds departments here.
 */
export function PlatformOverviewPage() {
  const { t } = useI18n();
  const p = t.platform;
  const can = platformAbilities(useSession().data);
  const departments = useDepartments();
  const escalated = useSharingRequests({ side: 'all', escalated: 'true' });
  const columns: TableColumnsType<Department> = [
    { title: p.departmentCode, dataIndex: 'code', ...sortBy<Department>((d) => d.code) },
    { title: p.departmentName, dataIndex: 'name', render: (v: string) => <Zh>{v}</Zh>, ...sortBy<Department>((d) => d.name) },
    {
      title: p.resources,
      dataIndex: 'resources',
      align: 'right',
      render: (n: number, d) => <Link to={`/app/platform/resources?provider=${d.id}`}>{n}</Link>,
      ...sortBy<Department>((d) => d.resources),
    },
    { title: p.published, dataIndex: 'published', align: 'right', ...sortBy<Department>((d) => d.published) },
  ];
  // province and Ministry see how each platform is doing; the pilot's own people also its departments and escalations
  if (!can.pilot)
    return (
      <>
        <PageHeading>{p.overview}</PageHeading>
        <HealthCard />
        <PlatformYearsCard />
      </>
    );
  return (
    <>
      <HealthCard />
      <PlatformYearsCard />
      <Card style={{ marginBottom: 24 }} title={<PageHeading>{p.overview}</PageHeading>} extra={can.administer && <AddDepartment />}>
        <Typography.Title level={2} style={{ fontSize: 16 }}>
          {p.departments}
        </Typography.Title>
        {departments.error && <Alert type="error" showIcon title={departments.error.message} />}
        <Table<Department>
          data-testid="department-table"
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={departments.data?.items}
          loading={departments.isFetching}
          locale={emptyLocale(p.emptyDepartments)}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
        />
      </Card>
      <Card
        title={
          <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
            {p.escalatedRequests}
          </Typography.Title>
        }
      >
        <Typography.Paragraph type="secondary">{p.escalatedHelp}</Typography.Paragraph>
        {escalated.error && <Alert type="error" showIcon title={escalated.error.message} />}
        <SharingRequestTable
          items={escalated.data?.items}
          side="all"
          loading={escalated.isFetching}
          empty={p.emptyEscalated}
          testId="escalated-table"
        />
      </Card>
    </>
  );
}

interface NewDepartment {
  code: string;
  name: string;
  admin: { username: string; displayName: string; password: string };
}
const FIELDS = ['code', 'name', 'admin.username', 'admin.displayName', 'admin.password'] as const;

/** 新增委办局: a department of the city (code, name) with its first administrator, who then adds its people. */
function AddDepartment() {
  const { t, lang } = useI18n();
  const p = t.platform;
  const { message } = App.useApp();
  const [form] = Form.useForm<NewDepartment>();
  const add = useAddDepartment();
  const shape = departmentCreateSchema.shape;
  const admin = shape.admin.shape;
  const item = (name: (typeof FIELDS)[number], label: string, schema: Parameters<typeof zodRule>[0], input: ReactNode, extra?: string) => (
    <Form.Item
      name={name.split('.')}
      label={label}
      extra={extra}
      rules={[{ required: true, whitespace: true, message: fmt(t.required, { field: label }) }, zodRule(schema, lang, label)]}
    >
      {input}
    </Form.Item>
  );
  return (
    <FormDialog<NewDepartment>
      form={form}
      title={p.addDepartment}
      okText={p.addDepartment}
      okTestId="department-add-submit"
      width={560}
      pending={add.isPending}
      trigger={(open) => (
        <Button type="primary" icon={<PlusOutlined />} data-testid="department-add" onClick={open}>
          {p.addDepartment}
        </Button>
      )}
      onFinish={(values, close) =>
        add.mutate(values, {
          onSuccess: (d) => {
            close();
            void message.success(fmt(p.departmentAdded, { name: d.name }));
          },
          onError: (err) => {
            // a refusal beside its field (admin.username: the nested item), else above the button
            const field = err instanceof ApiError ? FIELDS.find((f) => f === err.field) : undefined;
            if (field) form.setFields([{ name: field.split('.') as never, errors: [err.message] }]);
            else void message.error(err.message);
          },
        })
      }
    >
      {item('code', p.departmentCode, shape.code, <Input data-testid="department-code" placeholder="WUXI-FGW" />, p.departmentCodeHelp)}
      {item('name', p.departmentName, shape.name, <Input lang="zh-CN" data-testid="department-name" />)}
      <Typography.Text strong>{p.firstAdmin}</Typography.Text>
      {item('admin.username', t.people.username, admin.username, <Input data-testid="department-admin-username" autoComplete="off" />)}
      {item('admin.displayName', t.people.displayName, admin.displayName, <Input data-testid="department-admin-name" />)}
      {item(
        'admin.password',
        t.people.initialPassword,
        admin.password,
        <Input.Password data-testid="department-admin-password" autoComplete="new-password" />,
        t.people.initialPasswordHelp,
      )}
    </FormDialog>
  );
}
