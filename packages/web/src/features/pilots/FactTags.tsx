import { Tag } from 'antd';
import type { PilotFilters } from '../../api/types';
import { fmt, useI18n } from '../../i18n';

type FactKey = 'taskBook' | 'report' | 'findings' | 'stars';

/** The filters a dashboard figure set (task book, report, findings, rating), each shown and removable. */
export function FactTags({ filters, clear }: { filters: PilotFilters; clear: (keys: (keyof PilotFilters)[]) => void }) {
  const { t, m } = useI18n();
  const f = t.dashboard.fact;
  const tags: { keys: (keyof PilotFilters)[]; label: string; id: FactKey }[] = [];
  if (filters.taskBook)
    tags.push({
      id: 'taskBook',
      keys: ['taskBook'],
      label: fmt(f.taskBook, { value: filters.taskBook === 'none' ? t.dashboard.taskBookNone : m.taskBookStatus[filters.taskBook] }),
    });
  if (filters.report && filters.year)
    tags.push({
      id: 'report',
      keys: ['report', 'year'],
      label: fmt(f.report, { year: filters.year, value: t.dashboard.report[filters.report] }),
    });
  if (filters.findings) tags.push({ id: 'findings', keys: ['findings'], label: f.findings });
  if (filters.stars !== undefined)
    tags.push({ id: 'stars', keys: ['stars'], label: fmt(f.stars, { value: m.stars[filters.stars as 0 | 1 | 2 | 3] }) });
  return (
    <>
      {tags.map((tag) => (
        <Tag
          key={tag.id}
          color="blue"
          data-testid={`fact-${tag.id}`}
          closable
          closeIcon={<span aria-label={fmt(t.dashboard.clearFilter, { label: tag.label })}>×</span>}
          onClose={() => clear(tag.keys)}
        >
          {tag.label}
        </Tag>
      ))}
    </>
  );
}
