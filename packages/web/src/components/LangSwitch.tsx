import { TranslationOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useI18n } from '../i18n';

export function LangSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <Button data-testid="lang-switch" icon={<TranslationOutlined />} onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')}>
      {t.switchTo}
    </Button>
  );
}
