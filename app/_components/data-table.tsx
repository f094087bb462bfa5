import type { ReactNode } from "react";

/** One column: its heading, what each row shows in it, and (stacked tables) the name shown beside the cell on a phone. */
export type TColumn<T> = {
  header: ReactNode;
  cell: (row: T) => ReactNode;
  /** The phone layout's name for the cell; the header's text when the header is a string. */
  label?: string;
  className?: string;
};

/**
 * The portal's list table (orders, refunds, stamping history, verification batches, API tokens): column
 * headings with scope, an optional caption for screen readers, and, when `stack` is set, one card a row
 * on a phone with each cell named (globals.css .table-stack), so nothing that matters sits off-screen.
 * With no rows it shows `empty` instead, when given.
 */
export function DataTable<T>({
  rows,
  columns,
  rowKey,
  caption,
  empty,
  stack = false,
  rowTestId,
}: {
  rows: readonly T[];
  columns: readonly TColumn<T>[];
  rowKey: (row: T) => string;
  caption?: string;
  empty?: ReactNode;
  stack?: boolean;
  rowTestId?: string;
}) {
  if (rows.length === 0 && empty !== undefined) return <>{empty}</>;
  return (
    <div className={stack ? "sm:overflow-x-auto" : "overflow-x-auto"}>
      <table className={stack ? "table table-stack" : "table"}>
        {caption && <caption className="sr-only">{caption}</caption>}
        <thead>
          <tr>
            {columns.map((column, i) => (
              <th key={i} scope="col">{column.header}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} data-testid={rowTestId}>
              {columns.map((column, i) => (
                <td key={i} className={column.className} data-label={stack ? (column.label ?? (typeof column.header === "string" ? column.header : undefined)) : undefined}>
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
