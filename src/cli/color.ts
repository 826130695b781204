import { ANSI_STYLE, PLAIN_STYLE, type TerminalStyle } from '../render/terminal-style.js';

export const COLOR_WHEN = ['auto', 'always', 'never'] as const;
export type ColorWhen = (typeof COLOR_WHEN)[number];

/**
 * `--color auto|always|never`: `auto` colours only a terminal, and not when NO_COLOR is set
 * (no-color.org: any non-empty value) or TERM is `dumb`. `always` wins over NO_COLOR, as an
 * explicit flag should.
 */
export function styleFor(
  when: ColorWhen,
  stdoutIsTty: boolean,
  env: NodeJS.ProcessEnv = process.env,
): TerminalStyle {
  if (when === 'never') return PLAIN_STYLE;
  if (when === 'always') return ANSI_STYLE;
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  return stdoutIsTty && !noColor && env.TERM !== 'dumb' ? ANSI_STYLE : PLAIN_STYLE;
}
