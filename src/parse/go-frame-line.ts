// Go prints a frame on two lines and numbers none of them:
//     main.(*T).Method()
//         /home/dev/src/goprog/main.go:16 +0x3b
// The builder joins the two lines into one Frame (see ReportBuilder).

export interface GoSource {
  readonly file: string;
  readonly line: number;
  /** `+0x3b`: the PC's offset from the function's entry, as printed (`0x3b`); old Go omits it. */
  readonly offset: string | null;
}

// A package-qualified name with a dot (`pkg.F`, `pkg/path.(*T).M`, `pkg.F[...]`, `main.main.func1`)
// followed by the empty argument list the race printer always writes. The dot keeps ordinary
// program output such as `init()` out.
const GO_CALL = /^[\w\-/~%]+\.\S*\(\)$/;

/** The first line of a Go frame: the function, without its `()`; null when it is not one. */
export function parseGoCall(text: string): string | null {
  if (!GO_CALL.test(text)) return null;
  return text.slice(0, -2);
}

const GO_SOURCE = /^(\S(?:.*\S)?):(\d{1,9})(?: \+(0x[0-9a-fA-F]{1,16}))?$/;

/**
 * The second line of a Go frame: `<file>:<line> +0x<off>`; null when it is not one. Without
 * the offset (Go before 1.4 sometimes printed none) the file must be a Go or assembly source
 * with no space (`Global var x ... declared at /a/main.go:5` is a location).
 */
export function parseGoSource(text: string): GoSource | null {
  const match = GO_SOURCE.exec(text);
  if (!match) return null;
  const file = match[1]!;
  if (match[3] === undefined && !/^\S+\.(?:go|s)$/.test(file)) return null;
  return { file, line: Number(match[2]), offset: match[3] ?? null };
}
