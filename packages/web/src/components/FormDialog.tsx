import { Form, Modal, type FormInstance } from 'antd';
import { useState, type ReactNode } from 'react';
import { useI18n } from '../i18n';

/**
 * A button that opens a form in a dialog, reset to `initialValues` each time it opens; the dialog's OK submits the
 * form, and `onFinish` gets a `close` to call once the server has accepted (a refusal leaves it open).
 */
export function FormDialog<T extends object>({
  trigger,
  title,
  okText,
  okTestId,
  pending,
  width,
  form,
  initialValues,
  onFinish,
  children,
}: {
  trigger: (open: () => void) => ReactNode;
  title: string;
  okText: string;
  okTestId: string;
  pending: boolean;
  width: number;
  form: FormInstance<T>;
  initialValues?: Partial<T>;
  onFinish: (values: T, close: () => void) => void;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <>
      {trigger(() => {
        form.resetFields();
        setOpen(true);
      })}
      <Modal
        open={open}
        title={title}
        width={width}
        okText={okText}
        cancelText={t.cancel}
        okButtonProps={{ 'data-testid': okTestId }}
        confirmLoading={pending}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        forceRender
      >
        <Form<T> form={form} layout="vertical" initialValues={initialValues} onFinish={(values) => onFinish(values, () => setOpen(false))}>
          {children}
        </Form>
      </Modal>
    </>
  );
}
