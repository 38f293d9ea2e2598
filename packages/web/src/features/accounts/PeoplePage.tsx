import { accountPatchSchema, newAccountSchema, ROLES, type Role } from '@smartcity/domain';
import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Badge, Button, Card, Checkbox, Form, Input, Modal, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useAccounts, useAddAccount, useUpdateAccount, type Account, type NewAccount } from '../../api/accounts';
import { useSession } from '../../api/session';
import { fmt, useI18n } from '../../i18n';
import { zodRule } from '../pilots/zodRules';
import { showFieldError } from './fieldError';
import { sortBy, useTableOrder } from '../../components/sorting';
import { emptyLocale } from '../../components/EmptyState';
import { ExportButtons } from '../../components/ExportButtons';

const FIELDS = ['username', 'displayName', 'email', 'roles', 'password'] as const;
const EDIT_FIELDS = ['displayName', 'title', 'email', 'roles'] as const;
type Details = { displayName: string; title: string | null; email: string; roles: Role[] };

/**
 * 人员管理: an organisation's administrator adds colleagues (with an initial password they pass on), corrects their
 * name, 职务 (which their signatures carry) and e-mail, changes their roles, and disables or enables them — each change confirmed, and effective on the person's next request.
 */
export function PeoplePage() {
  const { t, m, lang } = useI18n();
  const order = useTableOrder<Account>();
  const p = t.people;
  const { message, modal } = App.useApp();
  const me = useSession().data?.user.id;
  const list = useAccounts();
  const add = useAddAccount();
  const update = useUpdateAccount();
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<Account | null>(null);
  const [addForm] = Form.useForm<NewAccount>();
  const [editForm] = Form.useForm<Details>();
  const roleOptions = ROLES.map((r) => ({ value: r, label: m.role[r] }));
  // a validator, not `required`: antd would put aria-required on the checkbox group, which ARIA does not allow there
  const rolesRequired = {
    validator: async (_: unknown, roles: Role[] | undefined) => {
      if (!roles?.length) throw new Error(fmt(t.required, { field: p.roles }));
    },
  };
  const shape = newAccountSchema.shape;
  const labels: Record<(typeof FIELDS)[number], string> = {
    username: p.username,
    displayName: p.displayName,
    email: p.email,
    roles: p.roles,
    password: p.initialPassword,
  };

  /** 姓名, 电子邮箱 and 角色, alike when adding a person and when editing one (`<prefix>-<field>` test ids) */
  const nameEmailRoles = (prefix: string) => (
    <>
      <Form.Item
        name="displayName"
        label={p.displayName}
        rules={[
          { required: true, whitespace: true, message: fmt(t.required, { field: p.displayName }) },
          zodRule(shape.displayName, lang, labels.displayName),
        ]}
      >
        <Input data-testid={`${prefix}-displayName`} />
      </Form.Item>
      <Form.Item
        name="email"
        label={p.email}
        extra={p.emailHelp}
        rules={[{ required: true, message: fmt(t.required, { field: p.email }) }, zodRule(shape.email, lang, labels.email)]}
      >
        <Input data-testid={`${prefix}-email`} type="email" autoComplete="off" />
      </Form.Item>
      <Form.Item name="roles" label={p.roles} rules={[rolesRequired]}>
        <Checkbox.Group data-testid={`${prefix}-roles`} options={roleOptions} />
      </Form.Item>
    </>
  );

  const toggle = (account: Account) => {
    const disabling = !account.disabled;
    modal.confirm({
      title: fmt(disabling ? p.confirmDisable : p.confirmEnable, { name: account.displayName }),
      content: disabling ? p.disableEffect : p.enableEffect,
      okText: disabling ? p.disable : p.enable,
      okButtonProps: { danger: disabling, 'data-testid': 'confirm-toggle' },
      cancelText: t.cancel,
      onOk: () => update.mutateAsync({ account, patch: { disabled: disabling } }).catch((err: Error) => void message.error(err.message)),
    });
  };

  const columns: TableColumnsType<Account> = [
    { title: p.username, dataIndex: 'username', ...sortBy((a) => a.username) },
    {
      title: p.displayName,
      dataIndex: 'displayName',
      ...sortBy((a) => a.displayName),
      render: (name: string, row) => (row.id === me ? `${name}${p.you}` : name),
    },
    { title: p.jobTitle, key: 'jobTitle', dataIndex: 'title', render: (v: string | null) => v ?? '—', ...sortBy((a) => a.title ?? '') },
    { title: p.email, dataIndex: 'email', render: (v: string | null) => v ?? '—', ...sortBy((a) => a.email) },
    {
      title: p.roles,
      dataIndex: 'roles',
      render: (roles: Role[]) => roles.map((r) => <Tag key={r}>{m.role[r]}</Tag>),
    },
    {
      title: p.status,
      dataIndex: 'disabled',
      filters: [
        { text: p.active, value: false },
        { text: p.disabled, value: true },
      ],
      onFilter: (value, row) => row.disabled === value,
      ...sortBy((a) => Number(a.disabled)),
      // a dot and plain text: coloured tag text falls below AA contrast
      render: (disabled: boolean) => <Badge status={disabled ? 'default' : 'success'} text={disabled ? p.disabled : p.active} />,
    },
    {
      title: p.actions,
      key: 'actions',
      render: (_, row) => (
        <Space>
          <Button
            size="small"
            data-testid={`edit-${row.username}`}
            onClick={() => {
              editForm.setFieldsValue({ displayName: row.displayName, title: row.title, email: row.email ?? '', roles: row.roles });
              setEditing(row);
            }}
          >
            {p.edit}
          </Button>
          {row.id !== me && (
            <Button size="small" danger={!row.disabled} data-testid={`toggle-${row.username}`} onClick={() => toggle(row)}>
              {row.disabled ? p.enable : p.disable}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Card
      title={
        <Typography.Title level={1} style={{ fontSize: 18, margin: 0 }}>
          {p.title}
        </Typography.Title>
      }
      extra={
        <Space wrap>
          <Button type="primary" icon={<PlusOutlined />} data-testid="add-person" onClick={() => setAdding(true)}>
            {p.add}
          </Button>
          <ExportButtons list="/api/users" query={{ sort: order.sort }} />
        </Space>
      }
    >
      {list.error && <Alert type="error" showIcon title={list.error.message} />}
      <Table<Account>
        onChange={order.onChange}
        data-testid="people-table"
        rowKey="id"
        columns={columns}
        dataSource={list.data?.items}
        loading={list.isFetching}
        pagination={{ hideOnSinglePage: true, pageSize: 20 }}
        locale={emptyLocale(t.empty.people)}
      />
      <Modal
        open={adding}
        title={p.add}
        okText={p.add}
        okButtonProps={{ loading: add.isPending, 'data-testid': 'add-person-submit' }}
        cancelText={t.cancel}
        onCancel={() => setAdding(false)}
        onOk={async () => {
          const values = await addForm.validateFields();
          try {
            const added = await add.mutateAsync({ ...values, username: values.username.trim() });
            message.success(fmt(p.added, { name: added.displayName }));
            addForm.resetFields();
            setAdding(false);
          } catch (err) {
            if (!showFieldError(addForm, err, FIELDS)) message.error((err as Error).message);
          }
        }}
      >
        <Form form={addForm} layout="vertical" initialValues={{ roles: ['viewer'] }}>
          <Form.Item
            name="username"
            label={p.username}
            extra={p.usernameHelp}
            rules={[{ required: true, message: fmt(t.required, { field: p.username }) }, zodRule(shape.username, lang, labels.username)]}
          >
            <Input data-testid="person-username" autoComplete="off" />
          </Form.Item>
          {nameEmailRoles('person')}
          <Form.Item
            name="password"
            label={p.initialPassword}
            extra={p.initialPasswordHelp}
            rules={[
              { required: true, message: fmt(t.required, { field: p.initialPassword }) },
              zodRule(shape.password, lang, labels.password),
            ]}
          >
            <Input.Password data-testid="person-password" autoComplete="new-password" />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={editing !== null}
        title={fmt(p.editOf, { name: editing?.displayName ?? '' })}
        okText={t.save}
        okButtonProps={{ loading: update.isPending, 'data-testid': 'edit-submit' }}
        cancelText={t.cancel}
        onCancel={() => setEditing(null)}
        onOk={async () => {
          const values = await editForm.validateFields();
          try {
            await update.mutateAsync({ account: editing!, patch: { ...values, title: values.title?.trim() || null } });
            message.success(p.saved);
            setEditing(null);
          } catch (err) {
            if (!showFieldError(editForm, err, EDIT_FIELDS)) message.error((err as Error).message);
          }
        }}
      >
        <Form form={editForm} layout="vertical">
          {nameEmailRoles('edit')}
          <Form.Item
            name="title"
            label={p.jobTitle}
            extra={p.jobTitleHelp}
            rules={[zodRule(accountPatchSchema.shape.title, lang, p.jobTitle)]}
          >
            <Input data-testid="edit-title" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
