import { Alert, Button, Modal, Typography } from 'antd';
import { useI18n } from '../i18n';

/** A credential the server shows only once (an API key, a webhook secret): to copy now, with how to use it. */
export function ShownOnce({
  value,
  title,
  usage,
  testId,
  onClose,
}: {
  value: string | null;
  title: string;
  usage: string;
  testId: string;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const p = t.platform;
  return (
    <Modal
      open={value !== null}
      title={title}
      onCancel={onClose}
      footer={
        <Button type="primary" data-testid={`${testId}-done`} onClick={onClose}>
          {p.keyCopied}
        </Button>
      }
    >
      <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={p.keyOnce} />
      <Typography.Paragraph copyable={{ text: value ?? '', tooltips: [p.copy, p.copied] }} style={{ wordBreak: 'break-all' }}>
        <Typography.Text code data-testid={testId}>
          {value}
        </Typography.Text>
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary">{usage}</Typography.Paragraph>
    </Modal>
  );
}
