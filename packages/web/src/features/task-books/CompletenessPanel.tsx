import { localSectionHeading, TASK_BOOK_SECTIONS } from '@smartcity/domain';
import { Alert, Card, List, Typography } from 'antd';
import type { TaskBookView } from '../../api/types';
import { useI18n } from '../../i18n';

/** What is still missing before the task book can be submitted, grouped by section. */
export function CompletenessPanel({ book }: { book: TaskBookView }) {
  const { t, m, lang } = useI18n();
  const tb = t.taskBook;
  // field keys the check names, as the forms label them (indicator names and years pass through)
  const subjects: Record<string, string> = {
    overall: tb.goals.overall,
    targets: tb.goals.targets,
    tasks: tb.tasks.tasks,
    projects: tb.tasks.projects,
    ...Object.fromEntries(
      (['framework', 'structure', 'functions', 'operation', 'systems'] as const).map((k) => [`4.${k}`, tb.platform[k]]),
    ),
    'leadingGroup.head': `${tb.org.leadingGroup}${tb.org.head}`,
    'office.name': tb.org.officeName,
    departments: tb.org.departments,
    responsible: tb.org.responsible,
    ...Object.fromEntries((['policy', 'funding', 'technology', 'talent'] as const).map((k) => [`7.${k}`, tb.guarantees[k]])),
    period: `${tb.period.startYear} / ${tb.period.endYear}`,
  };
  const subjectLabel = (section: number, subject: string) => subjects[`${section}.${subject}`] ?? subjects[subject] ?? subject;
  const problems = book.completeness;
  const groups = TASK_BOOK_SECTIONS.map((s) => ({ s, items: problems.filter((p) => p.section === s.n) })).filter((g) => g.items.length > 0);
  return (
    <Card size="small" title={`${t.taskBook.completeness}（${problems.length}）`} data-testid="completeness" style={{ marginBottom: 24 }}>
      {problems.length === 0 ? (
        <Alert type="success" showIcon title={t.taskBook.complete} />
      ) : (
        <List
          size="small"
          dataSource={groups}
          renderItem={({ s, items }) => (
            <List.Item data-testid={`completeness-${s.n}`}>
              <div>
                {/* underlined: a link inside a line of text must not be told apart by its colour alone (WCAG 1.4.1) */}
                <a href={`#section-${s.n}`} style={{ textDecoration: 'underline' }}>
                  {localSectionHeading(lang, s, false)}
                </a>
                ：
                {items.map((p, i) => (
                  <Typography.Text key={i} type="danger">
                    {i > 0 && '；'}
                    {(m.problem as Record<string, string>)[p.code] ?? p.code}
                    {p.subject && <Typography.Text type="secondary">（{subjectLabel(p.section, p.subject)}）</Typography.Text>}
                  </Typography.Text>
                ))}
              </div>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
