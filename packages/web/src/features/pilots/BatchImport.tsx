import { DownloadOutlined, FileExcelOutlined, UploadOutlined } from '@ant-design/icons';
import type { BatchImportResult } from '@smartcity/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Modal, Select, Space, Table, Upload, type ButtonProps } from 'antd';
import { useState } from 'react';
import { upload } from '../../api/client';
import { ImportProblems } from '../../components/ExcelImport';
import { useBatches } from '../../api/reference';
import { fmt, useI18n } from '../../i18n';
import { Zh } from '../../components/Zh';

/**
 * 导入试点名单: the Ministry fills the template with a batch's pilots as the notice lists them, sees them read back
 * (a preview writes nothing), and confirms; every row is checked first and nothing is written while any fails.
 */
export function BatchImport() {
  const { t, m } = useI18n();
  const b = t.batchImport;
  const { message } = App.useApp();
  const queries = useQueryClient();
  const batches = useBatches();
  const [open, setOpen] = useState(false);
  const [year, setYear] = useState<number>();
  const [file, setFile] = useState<File>();
  const send = useMutation({
    mutationFn: (commit: boolean) =>
      upload<BatchImportResult>(`/api/batches/${year}/pilots/import`, file!, file!.name, { commit: String(commit) }),
    onSuccess: (res) => {
      if (!res.committed) return;
      void message.success(fmt(b.done, { n: res.items.length, year: res.batchYear }));
      void queries.invalidateQueries({ queryKey: ['pilots'] });
      close();
    },
  });
  const close = () => {
    setOpen(false);
    setFile(undefined);
    send.reset();
  };
  const choose = (f: File) => {
    setFile(f);
    send.reset();
    return false;
  };
  const preview = send.data && !send.data.committed ? send.data : null;

  return (
    <>
      <Button icon={<UploadOutlined />} onClick={() => setOpen(true)} data-testid="batch-import-open">
        {b.open}
      </Button>
      <Modal
        open={open}
        title={b.title}
        width={760}
        onCancel={close}
        okText={preview ? fmt(b.commit, { n: preview.items.length }) : b.preview}
        okButtonProps={{ disabled: !year || !file, loading: send.isPending, 'data-testid': 'batch-import-submit' } as ButtonProps}
        onOk={() => send.mutate(preview !== null)}
        cancelText={t.cancel}
      >
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Space wrap>
            <Select
              data-testid="batch-import-year"
              aria-label={b.batch}
              placeholder={b.batch}
              style={{ width: 160 }}
              value={year}
              onChange={(v: number) => {
                setYear(v);
                send.reset();
              }}
              options={batches.data?.items.map((x) => ({ value: x.year, label: fmt(t.filters.batchLabel, { year: x.year }) }))}
            />
            <Button href={year ? `/api/batches/${year}/pilots/template.xlsx` : undefined} disabled={!year} icon={<DownloadOutlined />}>
              {t.excelImport.template}
            </Button>
            <Upload accept=".xlsx" showUploadList={false} beforeUpload={choose}>
              <Button icon={<FileExcelOutlined />} data-testid="batch-import-file">
                {file ? file.name : b.choose}
              </Button>
            </Upload>
          </Space>
          {send.error && <ImportProblems error={send.error} testId="batch-import-problems" />}
          {preview && (
            <>
              <Alert type="info" showIcon title={fmt(b.previewed, { n: preview.items.length, year: preview.batchYear })} />
              <Table
                data-testid="batch-import-preview"
                size="small"
                rowKey="row"
                pagination={{ pageSize: 10 }}
                dataSource={preview.items}
                columns={[
                  { title: b.row, dataIndex: 'row', width: 64 },
                  { title: t.pilot.publishedName, dataIndex: 'publishedName', render: (v: string) => <Zh>{v}</Zh> },
                  { title: t.pilot.province, dataIndex: 'provinceName', render: (v: string) => <Zh>{v}</Zh> },
                  { title: t.pilot.kind, dataIndex: 'kind', render: (k: BatchImportResult['items'][number]['kind']) => m.pilotKind[k] },
                  { title: t.pilot.adminCode, dataIndex: 'adminCode' },
                ]}
              />
            </>
          )}
        </Space>
      </Modal>
    </>
  );
}
