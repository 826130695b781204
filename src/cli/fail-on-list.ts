import { InvalidArgumentError } from 'commander';
import { FAILING_STATUSES, type FailingStatus } from '../triage/failing-status.js';

/** `--fail-on new,regressed`: a comma list of the statuses that fail the gate. */
export function failOnList(value: string): FailingStatus[] {
  const parts = value
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const wrong = parts.filter((p) => !(FAILING_STATUSES as readonly string[]).includes(p));
  if (parts.length === 0 || wrong.length > 0)
    throw new InvalidArgumentError(
      `expected a comma list of ${FAILING_STATUSES.join(', ')}${wrong.length > 0 ? `, not '${wrong.join(',')}'` : ''}`,
    );
  return [...new Set(parts as FailingStatus[])];
}
