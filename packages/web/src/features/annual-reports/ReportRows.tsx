import { Table, type TableColumnsType } from 'antd';
import type { ColumnType } from 'antd/es/table';
import type { HTMLAttributes, ReactNode } from 'react';
import { ReadBlocks } from '../../components/ReadBlocks';

const RETURNED = { background: '#fff1f0' };

/**
 * A report's indicator or project rows: a table while the pilot edits (returned rows highlighted), and once it is read
 * only, the document's layout (no sideways scrolling): one block per row, headed by the first column's cell (the name,
 * with any return reasons), the other columns as "label: value".
 */
export function ReportRows<T extends { id: string }>({
  editable,
  columns,
  rows,
  scrollX,
  returned,
  readTestId,
}: {
  editable: boolean;
  columns: TableColumnsType<T>;
  rows: T[];
  scrollX: number;
  returned: (i: number) => boolean;
  readTestId: string;
}) {
  if (!editable) {
    const [name, ...rest] = columns as ColumnType<T>[];
    return (
      <ReadBlocks
        testId={readTestId}
        columns={rest}
        rows={rows}
        rowKey={(row) => row.id}
        heading={(row, i) => name!.render!(undefined, row, i) as ReactNode}
      />
    );
  }
  return (
    <Table<T>
      rowKey="id"
      size="small"
      pagination={false}
      columns={columns}
      dataSource={rows}
      scroll={{ x: scrollX }}
      tableLayout="fixed"
      onRow={(_, i) =>
        ({
          style: i !== undefined && returned(i) ? RETURNED : undefined,
          'data-returned': i !== undefined && returned(i) ? 'true' : undefined,
        }) as HTMLAttributes<HTMLElement>
      }
    />
  );
}
