import type { OrganisationStatus } from '@smartcity/domain';
import { Alert, App, Badge, Button, Card, Form, Input, Modal, Segmented, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useApplicants, useDecideApplicant } from '../../api/applicants';
import { useSession } from '../../api/session';
import type { Applicant } from '../../api/types';
import { fmt, useI18n } from '../../i18n';
import { sortBy } from '../../components/sorting';
import { emptyLocale } from '../../components/EmptyState';
import { timeColumn } from '../../components/columns';

// a dot and plain text: coloured tag text falls below AA contrast
const BADGES: Record<OrganisationStatus, 'warning' | 'success' | 'error'> = { pending: 'warning', active: 'success', refused: 'error' };

/**
 * 申报城市注册审核: the governments that registered themselves to apply, waiting for their province. Approving lets
 * them act; refusing says why. Both are confirmed, since neither can be undone here.
 */
export function ApplicantsPage() {
  const { t } = useI18n();
  const a = t.applicants;
  const session = useSession().data;
  const [status, setStatus] = useState<OrganisationStatus | 'all'>('pending');
  const list = useApplicants(status === 'all' ? undefined : status);
  const decide = useDecideApplicant();
  const [refusing, setRefusing] = useState<Applicant | null>(null);
  const [form] = Form.useForm<{ reason: string }>();
  const mayDecide = session?.can.approveApplicants ?? false;
  const { modal } = App.useApp(); // the hook's dialogs follow the ConfigProvider (language, dialog size), the static ones do not

  const approve = (applicant: Applicant) =>
    modal.confirm({
      title: fmt(a.confirmApprove, { name: applicant.name }),
      content: a.approveEffect,
      okText: a.approve,
      cancelText: t.cancel,
      onOk: () => decide.mutateAsync({ id: applicant.id, decision: { decision: 'approve' } }),
    });

  const columns: TableColumnsType<Applicant> = [
    { title: a.name, dataIndex: 'name', ...sortBy((x) => x.name) },
    { title: a.code, dataIndex: 'code', ...sortBy((x) => x.code) },
    timeColumn<Applicant>(a.registeredAt, 'registeredAt'),
    {
      title: a.status,
      dataIndex: 'status',
      render: (s: OrganisationStatus) => <Badge status={BADGES[s]} text={a.statuses[s]} />,
      ...sortBy((x) => a.statuses[x.status]),
    },
    ...(mayDecide
      ? [
          {
            title: a.decision,
            key: 'decision',
            render: (_: unknown, row: Applicant) =>
              row.status === 'pending' && (
                <Space>
                  <Button data-testid={`approve-${row.code}`} type="primary" size="small" onClick={() => approve(row)}>
                    {a.approve}
                  </Button>
                  <Button data-testid={`refuse-${row.code}`} danger size="small" onClick={() => setRefusing(row)}>
                    {a.refuse}
                  </Button>
                </Space>
              ),
          },
        ]
      : []),
  ];

  return (
    <Card
      title={
        <Typography.Title level={1} style={{ fontSize: 18, margin: 0 }}>
          {a.title}
        </Typography.Title>
      }
    >
      <Segmented
        aria-label={a.status}
        style={{ marginBottom: 16 }}
        value={status}
        options={[
          ...(['pending', 'active', 'refused'] as const).map((s) => ({ value: s, label: a.statuses[s] })),
          { value: 'all' as const, label: a.all },
        ]}
        onChange={(v) => setStatus(v)}
      />
      {(list.error ?? decide.error) && <Alert type="error" showIcon title={(list.error ?? decide.error)!.message} />}
      <Table<Applicant>
        data-testid="applicant-table"
        rowKey="id"
        columns={columns}
        dataSource={list.data?.items}
        loading={list.isFetching}
        pagination={{ hideOnSinglePage: true }}
        locale={emptyLocale(t.empty.applicants)}
      />
      <Modal
        open={refusing !== null}
        title={fmt(a.confirmRefuse, { name: refusing?.name ?? '' })}
        okText={a.refuse}
        okButtonProps={{ danger: true, loading: decide.isPending }}
        cancelText={t.cancel}
        onCancel={() => setRefusing(null)}
        onOk={async () => {
          const { reason } = await form.validateFields();
          await decide.mutateAsync({ id: refusing!.id, decision: { decision: 'refuse', reason } });
          form.resetFields();
          setRefusing(null);
        }}
      >
        <Form form={form} layout="vertical">
          <Form.Item name="reason" label={a.reason} rules={[{ required: true, whitespace: true, message: a.reasonRequired }]}>
            <Input.TextArea data-testid="refuse-reason" rows={4} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
