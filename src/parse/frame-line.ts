import type { Frame } from '../model/frame.js';

const FRAME_START = /^\s*#(\d{1,6}) +/;
const HEX = /^0x[0-9a-fA-F]+$/;

/**
 * Reads a stack frame line. TSan's template is `    #%n %f %S %M`; the sanitizer DEFAULT
 * template `    #%n %p %F %L` is read too. Function names hold spaces, parentheses, templates
 * and `operator()`, so the line is read from the right: `(BuildId: ...)`, then the module group
 * `(module+0xoff)`, then the location token; all that is left is the function.
 */
export function parseFrameLine(text: string): Frame | null {
  const start = FRAME_START.exec(text);
  if (!start) return null;
  const index = Number(start[1]);
  let rest = text.slice(start[0].length).trimEnd();

  let buildId: string | null = null;
  let buildIdCut = false;
  const buildIdAt = rest.lastIndexOf(' (BuildId: ');
  if (buildIdAt !== -1) {
    if (rest.endsWith(')')) buildId = rest.slice(buildIdAt + 11, -1);
    // Cut inside the BuildId group: the rest of the frame is whole, only the id is lost.
    else buildIdCut = true;
    rest = rest.slice(0, buildIdAt).trimEnd();
  }

  let module: string | null = null;
  let offset: string | null = null;
  let address: string | null = null;
  let hasModuleGroup = false;
  if (rest.endsWith(')')) {
    const group = moduleGroup(rest);
    if (group) {
      hasModuleGroup = true;
      module = group.module;
      offset = group.offset;
      address = group.address;
      rest = rest.slice(0, group.start).trimEnd();
    }
  }

  if (!hasModuleGroup) {
    // Cut inside the module group: `... file.c:3 (module+0x34` loses only the group.
    const partial = rest.lastIndexOf(' (');
    if (partial !== -1 && rest.indexOf(')', partial) === -1) rest = rest.slice(0, partial);
  }

  // DEFAULT template: `0x5555 in func file:line:col` or `0x5555 in func+0x12 (module+0x...)`.
  let defaultTemplate = false;
  const firstSpace = rest.indexOf(' ');
  const firstToken = firstSpace === -1 ? rest : rest.slice(0, firstSpace);
  if (HEX.test(firstToken) && (firstSpace === -1 || rest.startsWith(' in ', firstSpace))) {
    defaultTemplate = true;
    address = firstToken;
    rest = firstSpace === -1 ? '' : rest.slice(firstSpace + 4);
  }

  let fn: string | null;
  let location: ReturnType<typeof parseLocationToken> = EMPTY_LOCATION;
  if (defaultTemplate && hasModuleGroup) {
    // `%F` without a file prints `in func+0xOFF`; there is no location token.
    fn = rest.replace(/\+0x[0-9a-fA-F]+$/, '');
  } else {
    const lastSpace = rest.lastIndexOf(' ');
    const token = lastSpace === -1 ? rest : rest.slice(lastSpace + 1);
    const before = lastSpace === -1 ? '' : rest.slice(0, lastSpace).trimEnd();
    if (lastSpace === -1 && !defaultTemplate && !looksLikeLocation(token)) {
      fn = token; // `#0 foo (module+0x12)`: a function and no location at all
    } else if (lastSpace === -1 && defaultTemplate) {
      fn = token;
    } else {
      fn = before;
      location = parseLocationToken(token);
    }
  }

  return {
    index,
    function: unknownToNull(fn),
    file: location.file,
    line: location.line,
    column: location.column,
    module,
    offset,
    buildId,
    address,
    ...((hasModuleGroup || defaultTemplate) && !buildIdCut ? {} : { damaged: true as const }),
  };
}

interface ModuleGroup {
  readonly start: number;
  readonly module: string | null;
  readonly offset: string | null;
  readonly address: string | null;
}

/** `(module[:arch]+0xoff)`, `(0xADDR)` or `(<unknown module>)` at the end of `rest`. */
function moduleGroup(rest: string): ModuleGroup | null {
  const open = rest.lastIndexOf('(');
  if (open === -1) return null;
  const inner = rest.slice(open + 1, -1);
  if (open > 0 && rest.charCodeAt(open - 1) !== 32) return null;
  if (inner === '<unknown module>')
    return { start: open, module: null, offset: null, address: null };
  if (HEX.test(inner)) return { start: open, module: null, offset: null, address: inner };
  const plus = inner.lastIndexOf('+0x');
  if (plus <= 0 || !HEX.test(inner.slice(plus + 1))) return null;
  let modulePath = inner.slice(0, plus);
  // Apple prints an architecture after the module: `(Foo:arm64+0x1234)`.
  const colon = modulePath.lastIndexOf(':');
  if (colon > 0 && /^[a-z0-9_]+$/.test(modulePath.slice(colon + 1))) {
    modulePath = modulePath.slice(0, colon);
  }
  // The DEFAULT template prints the module's full path; TSan's own prints its basename.
  const slash = modulePath.lastIndexOf('/');
  const module = slash === -1 ? modulePath : modulePath.slice(slash + 1);
  return { start: open, module, offset: inner.slice(plus + 1), address: null };
}

interface LocationToken {
  readonly file: string | null;
  readonly line: number | null;
  readonly column: number | null;
}

const EMPTY_LOCATION: LocationToken = { file: null, line: null, column: null };
const LINE_COLUMN = /:(\d{1,9}|\?)(?::(\d{1,9}))?$/;
const VS_STYLE = /\((\d{1,9})(?:,(\d{1,9}))?\)$/;

/** `file:line:col`, `file:line`, `file`, `file(line,col)`, `<null>`, `??`, `??:0`. */
export function parseLocationToken(token: string): LocationToken {
  if (
    token === '' ||
    token === '<null>' ||
    token === '??' ||
    token === '??:0' ||
    token === '??:?'
  ) {
    return EMPTY_LOCATION;
  }
  const lc = LINE_COLUMN.exec(token);
  if (lc && lc.index > 0) {
    const file = token.slice(0, lc.index);
    return {
      file: unknownToNull(file),
      line: lc[1] === '?' ? null : nonZero(Number(lc[1])),
      column: lc[2] === undefined ? null : nonZero(Number(lc[2])),
    };
  }
  const vs = VS_STYLE.exec(token);
  if (vs && vs.index > 0) {
    return {
      file: token.slice(0, vs.index),
      line: nonZero(Number(vs[1])),
      column: vs[2] === undefined ? null : nonZero(Number(vs[2])),
    };
  }
  return { file: token, line: null, column: null };
}

function looksLikeLocation(token: string): boolean {
  return token === '<null>' || token === '??' || token.includes('/') || LINE_COLUMN.test(token);
}

function unknownToNull(value: string | null): string | null {
  if (value === null) return null;
  return value === '' || value === '<null>' || value === '??' ? null : value;
}

function nonZero(n: number): number | null {
  return n === 0 ? null : n;
}
