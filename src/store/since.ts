/** `2024-05-01`, `2024-05-01T12:00`, `2024-05-01T12:00:00.000Z`, `2024-05-01T14:00+02:00`. */
const ISO_DATE =
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * A `--since` value as the UTC ISO 8601 text run times are stored in, so that runs compare as
 * text and the `runs_time` index serves the window; null when it is not an ISO date or
 * date-time. A date alone is midnight UTC; a date-time without an offset is UTC too (not the
 * local time zone: CI machines and laptops would disagree).
 */
export function normalizeSince(text: string): string | null {
  const trimmed = text.trim();
  if (!ISO_DATE.test(trimmed) || !isCalendarDate(trimmed.slice(0, 10))) return null;
  const hasZone = /(?:Z|[+-]\d{2}:?\d{2})$/.test(trimmed) && trimmed.length > 10;
  const withTime = trimmed.length === 10 ? `${trimmed}T00:00` : trimmed.replace(' ', 'T');
  const date = new Date(hasZone ? withTime : `${withTime}Z`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** `Date` rolls 2024-02-31 over to March 2; a typo should be an error instead. */
function isCalendarDate(ymd: string): boolean {
  const [year, month, day] = ymd.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
