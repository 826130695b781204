/** A column of a plain-text table: its heading, and right-aligned for numbers. */
export interface TextColumn<Row> {
  readonly title: string;
  readonly value: (row: Row) => string;
  readonly align?: 'left' | 'right';
}

/**
 * Rows as aligned columns two spaces apart, under a heading line. The last column is not
 * padded, so a long title at the end of a line wraps (or is cut by the terminal) alone.
 * Widths count UTF-16 units: titles hold a few `↔` arrows, one unit each.
 */
export function textTable<Row>(
  columns: readonly TextColumn<Row>[],
  rows: readonly Row[],
): string[] {
  const cells = rows.map((row) => columns.map((c) => c.value(row)));
  const widths = columns.map((c, i) => Math.max(c.title.length, ...cells.map((r) => r[i]!.length)));
  const line = (values: readonly string[]) =>
    values
      .map((value, i) => {
        if (i === values.length - 1 && columns[i]!.align !== 'right') return value;
        return columns[i]!.align === 'right'
          ? value.padStart(widths[i]!)
          : value.padEnd(widths[i]!);
      })
      .join('  ');
  return [line(columns.map((c) => c.title)), ...cells.map(line)];
}
