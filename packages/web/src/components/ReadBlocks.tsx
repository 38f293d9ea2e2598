import { Card, Descriptions, type TableColumnsType } from 'antd';
import type { ColumnGroupType, ColumnType } from 'antd/es/table';
import type { Key, ReactNode } from 'react';

/**
 * A wide table's read view, like the printed document: one block per row, each cell as "label: value", wrapping to the page's
 * width, so a signed or submitted book reads without sideways scrolling. The blocks reuse the table's columns (their renders
 * already show plain text when read-only): grouped columns become "group · column" labels, wide columns take a whole line.
 */
export function ReadBlocks<T extends object>({
  columns,
  rows,
  rowKey,
  heading,
  testId,
}: {
  columns: TableColumnsType<T>;
  rows: readonly T[];
  rowKey: (row: T) => Key;
  heading: (row: T, i: number) => ReactNode;
  testId: string;
}) {
  const leaves = columns.flatMap((c) =>
    'children' in c
      ? (c as ColumnGroupType<T>).children.map((child) => ({
          ...(child as ColumnType<T>),
          title: `${String(c.title)} · ${String(child.title)}`,
        }))
      : [c as ColumnType<T>],
  );
  return (
    <div data-testid={testId}>
      {rows.map((row, i) => (
        <Card key={rowKey(row)} size="small" title={heading(row, i)} style={{ marginBottom: 12 }}>
          <Descriptions
            size="small"
            bordered
            column={{ xs: 1, md: 2, xl: 3 }}
            items={leaves
              .filter((c) => c.render && c.title && c.title !== '#')
              .map((c, n) => ({
                key: n,
                label: c.title as ReactNode,
                span: Number(c.width ?? 0) >= 200 ? ('filled' as const) : 1,
                children: c.render!(undefined, row, i) as ReactNode,
              }))}
          />
        </Card>
      ))}
    </div>
  );
}
