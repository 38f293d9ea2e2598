import { TIERS, type NoticeInput, type NoticeView } from '@smartcity/domain';
import type { ButtonProps } from 'antd';
import { App, Checkbox, Form, Input, Modal, Select } from 'antd';
import { useNavigate } from 'react-router';
import { useCreateNotice, useUpdateNotice } from '../../api/notices';
import { useOrganisations } from '../../api/reference';
import { useSession } from '../../api/session';
import { DateField } from '../../components/DateField';
import { RichTextEditor } from '../../components/RichTextEditor';
import { useI18n } from '../../i18n';

interface Draft {
  title: string;
  docNumber?: string;
  issuer?: string;
  issuedOn: string;
  body: string;
  public: boolean;
  tiers: (typeof TIERS)[number][];
  organisationIds: string[];
}

const toInput = (v: Draft): NoticeInput => ({
  title: v.title,
  docNumber: v.docNumber || undefined,
  issuer: v.issuer || undefined,
  issuedOn: v.issuedOn,
  body: v.body,
  audience: { public: v.public, tiers: v.tiers, organisationIds: v.organisationIds },
});

const fromNotice = (n: NoticeView): Draft => ({
  title: n.title,
  docNumber: n.docNumber ?? undefined,
  issuer: n.issuer,
  issuedOn: n.issuedOn,
  body: n.body,
  public: n.audience.public,
  tiers: n.audience.tiers,
  organisationIds: n.audience.organisationIds,
});

/**
 * 起草 / 修改: a new draft is saved, then opened, where its sender attaches files and publishes it; a draft given as
 * `notice` is corrected in place (against the version it was opened at).
 */
export function NoticeForm({ notice, onClose }: { notice?: NoticeView; onClose: () => void }) {
  const { t } = useI18n();
  const n = t.notices;
  const { message } = App.useApp();
  const navigate = useNavigate();
  const session = useSession().data;
  const orgs = useOrganisations();
  const create = useCreateNotice();
  const update = useUpdateNotice(notice?.id ?? '');
  const [form] = Form.useForm<Draft>();
  // a province department addresses its own pilots only; the Ministry any organisation and whole tiers
  const ministry = session?.organisation.tier === 'ministry';
  const choosable = (orgs.data?.items ?? []).filter((o) => o.id !== session?.organisation.id && (ministry || o.tier === 'pilot'));
  const onError = (err: Error) => void message.error(err.message);
  const save = (v: Draft) =>
    notice
      ? // an emptied 文号 is cleared (null), not left as it was
        update.mutate({ ...toInput(v), docNumber: v.docNumber || null, version: notice.version }, { onSuccess: onClose, onError })
      : create.mutate(toInput(v), { onSuccess: (created) => void navigate(`/app/notices/${created.id}`), onError });
  return (
    <Modal
      open
      title={notice ? n.editTitle : n.newTitle}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={n.save}
      confirmLoading={create.isPending || update.isPending}
      width={720}
      okButtonProps={{ 'data-testid': 'notice-save' } as ButtonProps}
    >
      <Form<Draft>
        form={form}
        layout="vertical"
        onFinish={save}
        initialValues={notice ? fromNotice(notice) : { public: false, tiers: [], organisationIds: [] }}
      >
        <Form.Item name="title" label={n.noticeTitle} rules={[{ required: true, max: 200 }]}>
          <Input data-testid="notice-title" />
        </Form.Item>
        <Form.Item name="docNumber" label={n.docNumber} rules={[{ max: 60 }]}>
          <Input data-testid="notice-doc-number" />
        </Form.Item>
        <Form.Item name="issuer" label={n.issuer} extra={n.issuerHint} rules={[{ max: 100 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="issuedOn" label={n.issuedOn} rules={[{ required: true }]}>
          <DateField testId="notice-issued-on" />
        </Form.Item>
        <Form.Item name="body" label={n.body} extra={n.bodyHint} rules={[{ required: true }]}>
          <RichTextEditor label={n.body} testId="notice-body" />
        </Form.Item>
        <Form.Item name="public" valuePropName="checked" label={n.audience}>
          <Checkbox data-testid="notice-public">{n.audiencePublic}</Checkbox>
        </Form.Item>
        {ministry && (
          <Form.Item name="tiers" label={n.audienceTiers}>
            <Select mode="multiple" options={TIERS.map((tier) => ({ value: tier, label: n.tiers[tier] }))} />
          </Form.Item>
        )}
        <Form.Item name="organisationIds" label={n.audienceOrgs}>
          <Select
            mode="multiple"
            data-testid="notice-orgs"
            optionFilterProp="label"
            loading={orgs.isPending}
            options={choosable.map((o) => ({ value: o.id, label: o.name }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
