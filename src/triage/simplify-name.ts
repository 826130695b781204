/**
 * Reduces a demangled function name to what identifies the code across compilers, optimisation
 * levels and builds: no parameters, template arguments, ABI tags, compiler clone suffixes, Rust
 * hashes; one spelling for lambdas and anonymous namespaces. `std::vector<int>::push_back(int
 * const&)` and `std::vector<int, std::allocator<int> >::push_back(int const&) [clone .isra.0]`
 * both become `std::vector::push_back`. Each rule is tested on its own (test/triage).
 */
export function simplifyName(name: string): string {
  let text = name.trim();
  text = decodeRustSymbol(text);
  const local = inFunctionScope(text);
  if (text.includes('[clone ')) text = text.replace(/ ?\[clone [^\]]*\]/g, '');
  text = text.replace(/\[abi:[^\]]*\]/g, '');
  text = text.replace(/\{anonymous\}/g, '(anonymous namespace)');
  text = stripCloneSuffixes(text);
  text = normaliseLambdas(text);
  text = stripGroups(text);
  text = stripQualifiers(text);
  text = text.replace(/ ->(?: .*)?$/, ''); // Swift return types
  text = stripReturnType(text);
  text = text.replace(/\{lambda\}::operator\(\)$/, '{lambda}');
  text = unqualifyInternal(text);
  if (local) text = lastComponent(text);
  const simple = text.replace(/\s+/g, ' ').trim();
  // A name made only of brackets (`<null>`, `(anonymous)`) keeps its spelling.
  return simple.length > 0 ? simple : name.trim();
}

/**
 * gcc writes no linkage name for code with internal linkage, so its runtime prints
 * `(anonymous namespace)::Journal::append` as `append` and a lambda's body as `operator()`;
 * clang prints them qualified (`f()::$_0::operator()`). Both become what gcc prints: the last
 * name, and `{lambda}` for every lambda (the signature qualifies it by its caller).
 */
function unqualifyInternal(text: string): string {
  if (text === 'operator()' || text === '{lambda}' || text.endsWith('::{lambda}')) {
    return '{lambda}';
  }
  const anonymous = text.lastIndexOf('(anonymous namespace)::');
  if (anonymous === -1) return text;
  const rest = text.slice(anonymous + '(anonymous namespace)::'.length);
  const last = rest.lastIndexOf('::');
  return last === -1 ? rest : rest.slice(last + 2);
}

/**
 * A function-local class's member (`t1(void*)::Inner::run()`, rule v2): a name scoped by a
 * function, seen as a `)` closing a parameter list and then `::` outside any template or
 * parameter list. gcc writes no linkage name for it and its runtime prints `run`; clang
 * prints the function and class. Both become the last name, as for anonymous namespaces.
 */
function inFunctionScope(text: string): boolean {
  if (!text.includes(')::') && !text.includes(') const::')) return false;
  const bare = text.replace(OPERATORS, 'operator').replace(/\(anonymous namespace\)/g, 'anon');
  let angle = 0;
  let paren = 0;
  for (let i = 0; i < bare.length; i++) {
    const c = bare[i];
    if (c === '<') angle++;
    else if (c === '>' && angle > 0) angle--;
    else if (c === '(') paren++;
    else if (c === ')' && paren > 0) {
      paren--;
      if (paren === 0 && angle === 0) {
        const rest = bare.slice(i + 1);
        if (rest.startsWith('::') || rest.startsWith(' const::')) return true;
      }
    }
  }
  return false;
}

function lastComponent(text: string): string {
  if (text === '{lambda}' || text.endsWith('::{lambda}')) return '{lambda}';
  const last = text.lastIndexOf('::');
  return last === -1 ? text : text.slice(last + 2);
}

// gcc: `foo.isra.0`, `foo.constprop.0.isra.0`, `foo.part.0`, `foo.cold`, `foo.lto_priv.0`;
// clang/LTO: `foo.llvm.123456`; numbered statics: `_PyObject_VectorcallTstate.3425`.
const CLONE_WORDS = new Set([
  'isra',
  'constprop',
  'part',
  'cold',
  'lto_priv',
  'llvm',
  'localalias',
  'specialized',
  'resume',
  'destroy',
  'cleanup',
]);

/** Strips clone suffixes segment by segment from the end (names are untrusted: no regex). */
function stripCloneSuffixes(text: string): string {
  let end = text.length;
  for (;;) {
    const dot = text.lastIndexOf('.', end - 1);
    if (dot <= 0) break;
    const segment = text.slice(dot + 1, end);
    if (!(isNumber(segment) || CLONE_WORDS.has(segment))) break;
    end = dot;
  }
  return text.slice(0, end);
}

function isNumber(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

const QUALIFIERS = [' const', ' volatile', ' noexcept', ' &&', ' &'];

/** `f() const &&` -> `f()`: trailing qualifiers of a member function. */
function stripQualifiers(text: string): string {
  let out = text.trimEnd();
  for (let stripped = true; stripped; ) {
    stripped = false;
    for (const qualifier of QUALIFIERS) {
      if (out.endsWith(qualifier)) {
        out = out.slice(0, -qualifier.length).trimEnd();
        stripped = true;
      }
    }
  }
  return out;
}

const RUST_ESCAPES: Record<string, string> = {
  $u7b$: '{',
  $u7d$: '}',
  $LT$: '<',
  $GT$: '>',
  $RF$: '&',
  $BP$: '*',
  $C$: ',',
  $u20$: ' ',
  $u27$: "'",
  $u5b$: '[',
  $u5d$: ']',
  $u7e$: '~',
  $SP$: '@',
};

/** Rust legacy mangling leaks into some symbolizers' output: `_$u7b$$u7b$closure$u7d$$u7d$`. */
function decodeRustSymbol(text: string): string {
  let out = text.replace(/::h[0-9a-f]{16}$/, '');
  if (out.includes('$')) {
    out = out.replace(
      /\$(?:u[0-9a-f]{2}|LT|GT|RF|BP|C|SP)\$/g,
      (code) => RUST_ESCAPES[code] ?? code,
    );
    out = out.replace(/(^|::)_(?=\{)/g, '$1');
  }
  return out;
}

/**
 * gcc `{lambda(int)#1}`, clang `$_0` and `'lambda'(int)`/`'lambda1'()` all become `{lambda}`:
 * their numbering differs between compilers and shifts when a lambda is added.
 */
function normaliseLambdas(text: string): string {
  let out = text.replace(/\$_\d+/g, '{lambda}');
  out = out.replace(/'lambda\d*'/g, '{lambda}');
  // Remove `{lambda}`'s own parameter list when clang printed one: `{lambda}(int)`.
  let at = out.indexOf('{lambda(');
  while (at !== -1) {
    const close = matching(out, at + 7, '(', ')');
    if (close === -1) break;
    const end = /^#\d+\}/.exec(out.slice(close + 1));
    if (!end) break;
    out = `${out.slice(0, at)}{lambda}${out.slice(close + 1 + end[0].length)}`;
    at = out.indexOf('{lambda(', at + 8);
  }
  return out;
}

// Operators whose names hold brackets that are not template or parameter lists.
const OPERATORS =
  /operator(?:\(\)|\[\]|<=>|<<=|>>=|<<|>>|<=|>=|->\*|->|<|>| new\[\]| delete\[\]| new| delete)/g;

/** Removes every `(...)` and `<...>` group, keeping `operator()`/`operator<` and `(anonymous namespace)`. */
function stripGroups(text: string): string {
  const kept: string[] = [];
  const protect = (match: string) => {
    kept.push(match);
    return `\u0000${kept.length - 1}\u0000`;
  };
  let out = text.replace(/\(anonymous namespace\)/g, protect).replace(OPERATORS, protect);
  let result = '';
  let depth = 0;
  for (let i = 0; i < out.length; i++) {
    const c = out[i]!;
    if (c === '(' || c === '<') depth++;
    else if ((c === ')' || c === '>') && depth > 0) depth--;
    else if (depth === 0) result += c;
  }
  out = result;
  return out.replace(/\u0000(\d+)\u0000/g, (_, index: string) => kept[Number(index)] ?? '');
}

/** `void* std::thread_proxy` -> `std::thread_proxy`: a C++ return type printed before the name. */
function stripReturnType(text: string): string {
  if (text.includes(' in ') || text.startsWith('closure ') || text.startsWith('partial apply')) {
    return text; // Swift: `closure #3 in f` names the closure by where it is
  }
  const space = text.lastIndexOf(' ');
  if (space <= 0) return text;
  const prefix = text.slice(0, space).trimEnd();
  const rest = text.slice(space + 1);
  // `operator new` and `operator delete` have a space of their own.
  if (rest.length === 0 || prefix.endsWith('operator')) return text;
  for (let i = 0; i < prefix.length; i++) {
    if (!isTypeChar(prefix.charCodeAt(i))) return text;
  }
  return rest;
}

// Letters, digits, `_`, `:`, `*`, `&`, and spaces: what a return type is made of here.
function isTypeChar(c: number): boolean {
  return (
    (c >= 48 && c <= 58) ||
    (c >= 65 && c <= 90) ||
    (c >= 97 && c <= 122) ||
    c === 95 ||
    c === 42 ||
    c === 38 ||
    c === 32
  );
}

function matching(text: string, open: number, opener: string, closer: string): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === opener) depth++;
    else if (text[i] === closer) {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}
