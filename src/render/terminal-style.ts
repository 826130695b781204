import { pathToFileURL } from 'node:url';

/** How terminal text is dressed: colours and OSC 8 links on a terminal, nothing elsewhere. */
export interface TerminalStyle {
  readonly id: (text: string) => string;
  readonly title: (text: string) => string;
  /** New groups and counts of them: what needs a look. */
  readonly fresh: (text: string) => string;
  readonly known: (text: string) => string;
  readonly dim: (text: string) => string;
  /** `text` made a link to `path` (an absolute path or one relative to the current folder). */
  readonly link: (text: string, path: string) => string;
}

const identity = (text: string) => text;

/** No escape codes at all: pipes, files, NO_COLOR, `--color never`. */
export const PLAIN_STYLE: TerminalStyle = {
  id: identity,
  title: identity,
  fresh: identity,
  known: identity,
  dim: identity,
  link: identity,
};

const sgr = (open: number, close: number) => (text: string) => `\x1b[${open}m${text}\x1b[${close}m`;

/**
 * ANSI colours, and OSC 8 hyperlinks (`ESC ] 8 ;; file:///path ESC \ text ESC ] 8 ;; ESC \`):
 * terminals that support them make `file:line` clickable, others print the text alone.
 */
export const ANSI_STYLE: TerminalStyle = {
  id: sgr(33, 39),
  title: sgr(1, 22),
  fresh: sgr(31, 39),
  known: sgr(32, 39),
  dim: sgr(2, 22),
  link: (text, path) => {
    const url = pathToFileURL(path).href;
    return `\x1b]8;;${url}\x1b\\${text}\x1b]8;;\x1b\\`;
  },
};
