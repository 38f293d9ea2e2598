import { criterionName } from '@smartcity/domain';
import type { ReactNode } from 'react';
import { Zh } from '../../components/Zh';
import { useI18n } from '../../i18n';

/**
 * A rubric criterion's name for the reader: the catalog's words for the default criteria, else the call's own
 * (Chinese) name, marked as such.
 */
export function useCriterionName(): (c: { key: string; name: string }) => ReactNode {
  const { lang } = useI18n();
  return (c) => {
    const name = criterionName(lang, c);
    return name === c.name ? <Zh>{name}</Zh> : name;
  };
}
