import { pilotUpdateSchema } from '@smartcity/domain';
import { Alert, Button, Form, Input, Modal } from 'antd';
import { useEffect } from 'react';
import { ApiError } from '../../api/client';
import { useUpdatePilot } from '../../api/pilots';
import type { PilotDetail } from '../../api/types';
import { useI18n } from '../../i18n';
import { emptyToNull, issueMessage, zodRule } from './zodRules';

type Editable = 'officialName' | 'adminCode' | 'note';
type Values = Record<Editable, string | null>;
const FIELDS: Editable[] = ['officialName', 'adminCode', 'note'];

interface Props {
  pilot: PilotDetail;
  onClose: () => void;
  onReload: () => void;
}

export function PilotEditModal({ pilot, onClose, onReload }: Props) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<Values>();
  const update = useUpdatePilot(pilot.id);
  const stale = update.error instanceof ApiError && update.error.code === 'stale_version';

  // After a reload the form shows the record as it now is, and saving uses its new version.
  useEffect(() => {
    form.setFieldsValue({ officialName: pilot.officialName, adminCode: pilot.adminCode, note: pilot.note });
  }, [form, pilot.officialName, pilot.adminCode, pilot.note, pilot.version]);

  const onFinish = (values: Values) => {
    const parsed = pilotUpdateSchema.safeParse(Object.fromEntries(FIELDS.map((f) => [f, emptyToNull(values[f])])));
    if (!parsed.success) {
      form.setFields(
        parsed.error.issues.map((i) => {
          const name = String(i.path[0]) as Editable;
          return { name, errors: [issueMessage(lang, i, t.pilot[name])] };
        }),
      );
      return;
    }
    update.mutate(
      { version: pilot.version, changes: parsed.data },
      {
        onSuccess: onClose,
        onError: (err) => {
          const field = err instanceof ApiError ? (FIELDS as string[]).find((f) => f === err.field) : undefined;
          if (field) form.setFields([{ name: field as Editable, errors: [err.message] }]);
        },
      },
    );
  };

  const reload = () => {
    update.reset();
    onReload();
  };

  return (
    <Modal
      open
      title={`${t.edit} · ${pilot.publishedName}`}
      onCancel={onClose}
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t.cancel}
        </Button>,
        <Button key="save" data-testid="pilot-save" type="primary" loading={update.isPending} onClick={() => form.submit()}>
          {t.save}
        </Button>,
      ]}
    >
      {update.error && (
        <Alert
          data-testid="pilot-save-error"
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={update.error.message}
          action={
            stale && (
              <Button size="small" data-testid="pilot-reload" onClick={reload}>
                {t.reload}
              </Button>
            )
          }
        />
      )}
      <Form<Values> form={form} layout="vertical" onFinish={onFinish}>
        <Form.Item
          name="officialName"
          label={t.pilot.officialName}
          rules={[zodRule(pilotUpdateSchema.shape.officialName, lang, t.pilot.officialName)]}
        >
          <Input data-testid="pilot-field-officialName" />
        </Form.Item>
        <Form.Item name="adminCode" label={t.pilot.adminCode} rules={[zodRule(pilotUpdateSchema.shape.adminCode, lang, t.pilot.adminCode)]}>
          <Input data-testid="pilot-field-adminCode" inputMode="numeric" />
        </Form.Item>
        <Form.Item name="note" label={t.pilot.note} rules={[zodRule(pilotUpdateSchema.shape.note, lang, t.pilot.note)]}>
          <Input.TextArea data-testid="pilot-field-note" rows={4} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
