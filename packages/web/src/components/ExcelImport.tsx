import { DownloadOutlined, FileExcelOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Space, Upload } from 'antd';
import { ApiError, upload } from '../api/client';
import { fmt, useI18n } from '../i18n';

interface Props {
  /** GET: the template, holding what the record holds now */
  template: string;
  /** POST: the upload; the server checks every row and writes all or nothing */
  target: string;
  /** the version read, sent as If-Match: an import is a save */
  version: number;
  onImported: () => void;
  testId: string;
}

/** 从 Excel 导入: download the template, upload it filled in, and see each problem by row and column. */
export function ExcelImport({ template, target, version, onImported, testId }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const send = useMutation({
    mutationFn: (file: File) => upload<{ rows: number }>(target, file, file.name, undefined, { 'If-Match': `"${version}"` }),
    onSuccess: (res) => {
      void message.success(fmt(t.excelImport.done, { rows: res.rows }));
      onImported();
    },
  });
  return (
    <div data-testid={testId}>
      <Space wrap>
        <Button href={template} icon={<DownloadOutlined />} data-testid={`${testId}-template`}>
          {t.excelImport.template}
        </Button>
        <Upload accept=".xlsx" showUploadList={false} beforeUpload={(file) => (send.mutate(file), false)}>
          <Button icon={<FileExcelOutlined />} loading={send.isPending} data-testid={`${testId}-upload`}>
            {t.excelImport.action}
          </Button>
        </Upload>
      </Space>
      {send.error && <ImportProblems error={send.error} testId={`${testId}-problems`} onClose={() => send.reset()} />}
    </div>
  );
}

/** An import refused: the server's message, and each problem it found by sheet, row and column. */
export function ImportProblems({ error, testId, onClose }: { error: Error; testId: string; onClose?: () => void }) {
  const { t } = useI18n();
  const problems = error instanceof ApiError ? error.problems : undefined;
  return (
    <Alert
      type="error"
      showIcon
      closable={onClose !== undefined}
      onClose={onClose}
      style={{ marginTop: 12 }}
      data-testid={testId}
      title={t.excelImport.failed + error.message}
      description={
        problems?.length ? (
          <ul style={{ margin: 0, paddingInlineStart: 20 }}>
            {problems.map((p, i) => (
              <li key={i}>{p.message}</li>
            ))}
          </ul>
        ) : undefined
      }
    />
  );
}
