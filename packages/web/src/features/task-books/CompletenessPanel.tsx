import { TASK_BOOK_SECTIONS } from '@smartcity/domain';
import { Alert, Card, List, Typography } from 'antd';
import type { TaskBookView } from '../../api/types';
import { useI18n } from '../../i18n';

/** What is still missing before the task book can be submitted, grouped by section. */
export function CompletenessPanel({ book }: { book: TaskBookView }) {
  const { t, m } = useI18n();
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
                <a href={`#section-${s.n}`}>
                  {s.numeral}、{s.title}
                </a>
                ：
                {items.map((p, i) => (
                  <Typography.Text key={i} type="danger">
                    {i > 0 && '；'}
                    {(m.problem as Record<string, string>)[p.code] ?? p.code}
                    {p.subject && <Typography.Text type="secondary">（{p.subject}）</Typography.Text>}
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
