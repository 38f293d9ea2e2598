import { DownloadOutlined } from '@ant-design/icons';
import { EXPORT_FORMATS } from '@smartcity/domain';
import { Button, Space } from 'antd';
import { exportHref, type Query } from '../api/client';
import { useI18n } from '../i18n';

/**
 * 导出: a list's .xlsx and CSV with the filters and sort it shows now. Links, not fetches, so the browser streams the file
 * to disk under the server's (Chinese) file name.
 */
export function ExportButtons({ list, query }: { list: string; query: Query }) {
  const { t } = useI18n();
  return (
    <Space.Compact>
      {EXPORT_FORMATS.map((format) => (
        <Button key={format} icon={<DownloadOutlined />} href={exportHref(list, format, query)} data-testid={`export-${format}`}>
          {t.exportList[format]}
        </Button>
      ))}
    </Space.Compact>
  );
}
