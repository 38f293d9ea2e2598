import { App, Button, Form, Modal, Select } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useCreateAgreement } from '../../api/agreements';
import { useProvinces } from '../../api/reference';
import { useI18n } from '../../i18n';
import { AgreementContentFields, CONTENT_KEYS } from './AgreementContentFields';

/** The Ministry drafts the agreement with one provincial government (one per province with pilots). */
export function AgreementCreateModal() {
  const { t } = useI18n();
  const g = t.agreement;
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const provinces = useProvinces();
  const create = useCreateAgreement();
  const submit = (values: { provinceCode: string } & Record<(typeof CONTENT_KEYS)[number], string>) => {
    const { provinceCode, ...content } = values;
    create.mutate(
      { provinceCode, content },
      { onSuccess: (a) => void navigate(`/app/agreements/${a.id}`), onError: (err) => void message.error(err.message) },
    );
  };
  return (
    <>
      <Button type="primary" data-testid="agreement-create" onClick={() => setOpen(true)}>
        {g.create}
      </Button>
      <Modal
        open={open}
        title={g.create}
        width={720}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        confirmLoading={create.isPending}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={submit} initialValues={Object.fromEntries(CONTENT_KEYS.map((f) => [f, '']))}>
          <Form.Item name="provinceCode" label={g.province} rules={[{ required: true }]}>
            <Select
              data-testid="agreement-province"
              showSearch={{ optionFilterProp: 'label' }}
              options={provinces.data?.items.filter((p) => p.mainland && p.pilotCount > 0).map((p) => ({ value: p.code, label: p.name }))}
            />
          </Form.Item>
          <AgreementContentFields />
        </Form>
      </Modal>
    </>
  );
}
