import { UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, List, Upload } from 'antd';
import { request, upload } from '../api/client';
import type { Items } from '../api/types';
import { useI18n } from '../i18n';
import { emptyLocale } from './EmptyState';
import { Zh } from './Zh';

interface StoredFile {
  id: string;
  filename: string;
  size: number;
  sm3: string;
}

/**
 * The files of one record at `base` (e.g. /api/inspections/:id/files): listed with download links, and an upload
 * button when `canUpload` (the server checks again).
 */
export function FilesCard({ base, canUpload, testId }: { base: string; canUpload: boolean; testId: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const files = useQuery({ queryKey: ['files', base], queryFn: () => request<Items<StoredFile>>(base) });
  const add = useMutation({
    mutationFn: (file: File) => upload<StoredFile>(base, file, file.name),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['files', base] }),
    onError: (err) => void message.error(err.message),
  });
  return (
    <div data-testid={testId}>
      <FileList base={base} items={files.data?.items ?? []} loading={files.isPending} />
      {canUpload && (
        <Upload showUploadList={false} beforeUpload={(file) => (add.mutate(file), false)}>
          <Button icon={<UploadOutlined />} loading={add.isPending} data-testid={`${testId}-upload`}>
            {t.files.upload}
          </Button>
        </Upload>
      )}
    </div>
  );
}

/** Files with their download links (`base`/:id), their size and, on hover, their SM3 digest. */
export function FileList({
  base,
  items,
  loading = false,
  testId,
}: {
  base: string;
  items: StoredFile[];
  loading?: boolean;
  testId?: string;
}) {
  const { t } = useI18n();
  return (
    <List
      data-testid={testId}
      size="small"
      loading={loading}
      locale={emptyLocale(t.empty.files, undefined, true)}
      dataSource={items}
      renderItem={(f) => (
        <List.Item>
          <a href={`${base}/${f.id}`} title={`SM3 ${f.sm3}`}>
            {/* a file's name is what its uploader wrote */}
            <Zh>{f.filename}</Zh>
          </a>
          <span>{f.size < 1024 ? `${f.size} B` : `${(f.size / 1024).toFixed(0)} KB`}</span>
        </List.Item>
      )}
    />
  );
}
