import type { SorterResult, SortOrder } from 'antd/es/table/interface';
import { useState } from 'react';

/**
 * Sortable columns. Lists the server pages sort there (the domain's `sort=key` / `sort=-key`); the others, whole in the
 * browser, sort with a compare function. Text compares in the reader's collation for Chinese (pinyin order).
 */

/** Column props for a server-sorted list: the column's key is the API's sort name, the header shows the current order. */
export function serverSorted(sort: string | undefined, key: string) {
  return {
    key,
    sorter: true,
    sortOrder: (sort === key ? 'ascend' : sort === `-${key}` ? 'descend' : null) as SortOrder,
  };
}

/** The API's sort value for a header click (null: back to the list's own order). */
export function sortOfHeader<T>(sorter: SorterResult<T> | SorterResult<T>[]): string | null {
  const s = Array.isArray(sorter) ? sorter[0] : sorter;
  return s?.order ? `${s.order === 'descend' ? '-' : ''}${String(s.columnKey)}` : null;
}

const collator = new Intl.Collator('zh-CN', { numeric: true });

/** A client-side sorter on a text or number value (missing values first). */
export function sortBy<T>(value: (row: T) => string | number | null | undefined) {
  return {
    sorter: (a: T, b: T) => {
      const x = value(a);
      const y = value(b);
      if (x == null || y == null) return x == null ? (y == null ? 0 : -1) : 1;
      return typeof x === 'number' && typeof y === 'number' ? x - y : collator.compare(String(x), String(y));
    },
  };
}

/**
 * A whole list's order as its table shows it, for the list's export (`sort`: the sorted column's key, which is the
 * export's column name; `-` first when descending). Pass `onChange` to the table.
 */
export function useTableOrder<T>() {
  const [sort, setSort] = useState<string>();
  const onChange = (_pagination: unknown, _filters: unknown, sorter: SorterResult<T> | SorterResult<T>[]) =>
    setSort(sortOfHeader(sorter) ?? undefined);
  return { sort, onChange };
}
