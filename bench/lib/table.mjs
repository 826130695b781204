/**
 * Formats rows as a plain-text table. `columns`: `{ title, value(row), align }`, align `left`
 * or `right` (default). Cells that are null or undefined print as `-`.
 */
export function formatTable(columns, rows) {
  const cells = rows.map((row) => columns.map((c) => cellText(c.value(row))));
  const widths = columns.map((c, i) => Math.max(c.title.length, ...cells.map((r) => r[i].length)));
  const line = (texts) =>
    texts
      .map((text, i) =>
        columns[i].align === 'left' ? text.padEnd(widths[i]) : text.padStart(widths[i]),
      )
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(columns.map((c) => c.title)), rule, ...cells.map(line)].join('\n');
}

function cellText(value) {
  return value === null || value === undefined ? '-' : String(value);
}

export const mb = (bytes) =>
  bytes === null || bytes === undefined ? null : (bytes / 1e6).toFixed(1);
export const fixed = (n, digits) => (n === null || n === undefined ? null : n.toFixed(digits));
