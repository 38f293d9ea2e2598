import { Space } from 'antd';
import { useI18n } from '../../i18n';
import { SearchBox } from '../search/SearchBox';
import { SearchPage } from '../search/SearchPage';
import { PublicShell } from './PublicShell';

/** The portal's search results: the published pilots by name, pinyin or code, with the box to search again. */
export function PublicSearchPage() {
  const { t } = useI18n();
  return (
    <PublicShell page={t.search.title}>
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <SearchBox portal width="100%" />
        <SearchPage portal />
      </Space>
    </PublicShell>
  );
}
