import { TranslationOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useI18n } from '../i18n';

/** Switches the UI language; its label is the other language's name, in that language (and marked so). */
export function LangSwitch({ compact = false }: { compact?: boolean }) {
  const { lang, setLang, t } = useI18n();
  const other = lang === 'en' ? 'zh-CN' : 'en';
  return (
    <Button data-testid="lang-switch" icon={compact ? undefined : <TranslationOutlined />} onClick={() => setLang(other)}>
      <span lang={other}>{t.switchTo}</span>
    </Button>
  );
}
