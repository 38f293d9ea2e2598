-- A frozen task-book version's planned investment by year and funding source: each key project's four sources
-- (government, social, bank, other) spread evenly over its start..end years. Immutable, so the database keeps it in a
-- generated column. Projects without whole years, or spanning more than 50, are left out rather than failing the write.
CREATE FUNCTION task_book_investment(content jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  with raw as (
    select case when jsonb_typeof(p->'startYear') = 'number' then (p->>'startYear')::numeric end as first,
      case when jsonb_typeof(p->'endYear') = 'number' then (p->>'endYear')::numeric end as last,
      case when jsonb_typeof(p->'funding') = 'object' then p->'funding' else '{}'::jsonb end as funding
    from jsonb_array_elements(case when jsonb_typeof(content->'tasks'->'projects') = 'array'
      then content->'tasks'->'projects' else '[]'::jsonb end) p
    where jsonb_typeof(p) = 'object'),
  -- the years as integers only when sound (CASE decides before any cast can fail); null spreads over no year
  projects as (
    select case when sound then first::int end as first, case when sound then last::int end as last, funding
    from (select *, coalesce(first = trunc(first) and last = trunc(last) and last >= first and last - first < 50
      and first between 1900 and 2200, false) as sound from raw) r),
  spread as (
    select y, source, case when jsonb_typeof(funding->source) = 'number' then (funding->>source)::numeric else 0 end
      / (last - first + 1) as amount
    from projects, generate_series(first, last) y, unnest(array['government', 'social', 'bank', 'other']) source),
  years as (select y, jsonb_object_agg(source, round(total, 4)) as sources
    from (select y, source, sum(amount) as total from spread group by y, source) t group by y)
  select coalesce(jsonb_object_agg(y::text, sources), '{}'::jsonb) from years
$$;
--> statement-breakpoint
ALTER TABLE "task_book_versions" ADD COLUMN "investment" jsonb GENERATED ALWAYS AS (task_book_investment(content)) STORED;
