import type { SearchHit, SearchType, Segment } from '@smartcity/domain';
import { Alert, Button, Card, Empty, List, Pagination, Space, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { SEARCH_PAGE_SIZE, useSearch } from '../../api/search';
import { subjectHref } from '../../components/subjectHref';
import { Named, Zh } from '../../components/Zh';
import { fmt, useI18n } from '../../i18n';

/** Text with its matches marked; what people wrote stays Chinese in every UI language. */
function Marked({ segments }: { segments: Segment[] }) {
  return <Zh>{segments.map((s, i) => (s.hit ? <mark key={i}>{s.text}</mark> : <span key={i}>{s.text}</span>))}</Zh>;
}

/** Where a hit opens: the portal finds published pilots and public notices, each opening its public page. */
function hrefOf(hit: SearchHit, portal: boolean): string {
  if (!portal) return subjectHref(hit.type, hit.id, hit.pilotId);
  return hit.type === 'notice' ? `/notices/${hit.id}` : `/public/pilots/${hit.pilotId}`;
}

function Hit({ hit, portal }: { hit: SearchHit; portal: boolean }) {
  const { t } = useI18n();
  return (
    <List.Item data-testid="search-hit">
      <List.Item.Meta
        title={
          <Link to={hrefOf(hit, portal)} data-testid="search-hit-link">
            {hit.type === 'pilot' ? (
              <Marked segments={hit.title} />
            ) : (
              <Space size={4} wrap>
                {hit.pilotName && <Zh>{hit.pilotName}</Zh>}
                <span>{t.search.types[hit.type]}</span>
                {hit.title.length > 0 && <Marked segments={hit.title} />}
              </Space>
            )}
          </Link>
        }
        description={hit.fragment.length > 0 && <Marked segments={hit.fragment} />}
      />
    </List.Item>
  );
}

/** 检索结果: grouped by kind of record, each group's first hits, or one group a page at a time; `portal`: the public search. */
export function SearchPage({ portal = false }: { portal?: boolean }) {
  const { t } = useI18n();
  const s = t.search;
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const type = (params.get('type') as SearchType | null) ?? undefined;
  const page = Number(params.get('page') ?? '1') || 1;
  const result = useSearch({ q, type, page, public: portal });
  const show = (next: { type?: SearchType; page?: number }) =>
    setParams({ q, ...(next.type ? { type: next.type } : {}), ...(next.page ? { page: String(next.page) } : {}) });
  const groups = result.data?.groups ?? [];
  return (
    <Card
      variant={portal ? 'borderless' : undefined}
      title={
        <Typography.Title level={1} style={{ fontSize: 18, margin: 0 }}>
          {/* the query is what the reader typed: Chinese stays marked as such */}
          <Named text={fmt(s.heading, { q })} names={[q]} />
        </Typography.Title>
      }
      extra={type && <Button onClick={() => show({})}>{s.all}</Button>}
    >
      {result.isError && <Alert type="error" title={result.error.message} />}
      {(result.isSuccess || !q.trim()) && groups.length === 0 && <Empty data-testid="search-empty" description={s.empty} />}
      {groups.map((g) => (
        <section key={g.type} data-testid={`search-group-${g.type}`} style={{ marginBottom: 24 }}>
          <Typography.Title level={2} style={{ fontSize: 16 }}>
            {s.types[g.type]}{' '}
            <Typography.Text type="secondary">{fmt(g.totalExact ? s.total : s.totalAbout, { n: g.total })}</Typography.Text>
          </Typography.Title>
          <List dataSource={g.items} renderItem={(hit) => <Hit hit={hit} portal={portal} />} />
          {type ? (
            <Pagination
              current={page}
              pageSize={SEARCH_PAGE_SIZE}
              total={g.total}
              showSizeChanger={false}
              onChange={(p) => show({ type, page: p })}
            />
          ) : (
            g.total > g.items.length && (
              <Button type="link" data-testid={`search-more-${g.type}`} onClick={() => show({ type: g.type })}>
                {fmt(g.totalExact ? s.more : s.moreAbout, { n: g.total })}
              </Button>
            )
          )}
        </section>
      ))}
    </Card>
  );
}
