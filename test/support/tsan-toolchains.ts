/**
 * Real ThreadSanitizer toolchains for the integration tests: find out which compilers can build
 * and run a TSan program on this machine, compile test programs into a temporary directory and
 * run them with a chosen `TSAN_OPTIONS`.
 *
 * A toolchain that is missing makes its tests skip locally. On CI (`CI=true`) it must not: the
 * tests then fail with a message naming the Debian package to install.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type ToolchainId = 'gcc' | 'clang';
export type Language = 'c' | 'c++';
export type OptLevel = '-O0' | '-O1' | '-O2';

export interface Toolchain {
  readonly id: ToolchainId;
  /** For messages and test titles, e.g. `gcc 12 (libtsan2)`. */
  readonly label: string;
  /** The `runtime` the parser should report for this toolchain's output. */
  readonly runtime: 'gcc' | 'llvm';
  /** Suffix used for example logs (`bank.clang19.log`). */
  readonly logSuffix: string;
  readonly compilers: Readonly<Record<Language, string>>;
  /** Debian packages that provide each language's compiler and TSan runtime. */
  readonly packages: Readonly<Record<Language, readonly string[]>>;
}

export const TOOLCHAINS: readonly Toolchain[] = [
  {
    id: 'gcc',
    label: 'gcc 12 (libtsan2)',
    runtime: 'gcc',
    logSuffix: 'gcc',
    compilers: { c: 'gcc', 'c++': 'g++' },
    packages: { c: ['gcc', 'libtsan2'], 'c++': ['g++', 'libtsan2'] },
  },
  {
    id: 'clang',
    label: 'clang 19 (libclang-rt-19-dev)',
    runtime: 'llvm',
    logSuffix: 'clang19',
    compilers: { c: 'clang-19', 'c++': 'clang++-19' },
    packages: {
      c: ['clang-19', 'libclang-rt-19-dev', 'llvm-19'],
      'c++': ['clang-19', 'libclang-rt-19-dev', 'llvm-19'],
    },
  },
];

export function toolchain(id: ToolchainId): Toolchain {
  const found = TOOLCHAINS.find((t) => t.id === id);
  if (!found) throw new Error(`unknown toolchain ${id}`);
  return found;
}

/** True on CI, where a missing toolchain is an error rather than a reason to skip. */
export const IN_CI = process.env.CI === 'true';

/** `test/programs/`, where the racy programs live. */
export const PROGRAMS_DIR = fileURLToPath(new URL('../programs/', import.meta.url));

export function languageOf(sourcePath: string): Language {
  return /\.(cc|cpp|cxx)$/.test(sourcePath) ? 'c++' : 'c';
}

// ---------------------------------------------------------------------------------------------
// Processes

export interface ExecResult {
  readonly stdout: string;
  readonly stderr: string;
  /** Null when the process died of a signal (or was killed on timeout). */
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly timedOut: boolean;
  readonly durationMs: number;
  /** Set when the executable could not be started at all (e.g. ENOENT). */
  readonly spawnError?: string;
}

interface ExecOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly timeoutMs: number;
}

function exec(file: string, args: readonly string[], options: ExecOptions): Promise<ExecResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    let spawnError: string | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error) => {
      spawnError = error.message;
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        exitCode: code,
        signal,
        timedOut,
        durationMs: Math.round(performance.now() - started),
        ...(spawnError === undefined ? {} : { spawnError }),
      });
    });
  });
}

/** A tiny semaphore: at most `limit` tasks at a time (two cores: compiles are CPU-bound). */
export function limiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

const cpuCount = Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
/** Shared by every compile in this worker. */
export const compileSlot = limiter(cpuCount);
/** Shared by every program run: the programs mostly sleep, so a few more than the cores. */
export const runSlot = limiter(cpuCount * 2);

// ---------------------------------------------------------------------------------------------
// TSAN_OPTIONS and running

export type TsanOptions = Readonly<Record<string, string | number | boolean>>;

/**
 * The options every run gets unless overridden: reports keep symbolization on, the exit code of
 * a process that reported is 66 (TSan's own default, made explicit), and the process does not
 * stop at the first report.
 */
export const DEFAULT_TSAN_OPTIONS: TsanOptions = {
  exitcode: 66,
  halt_on_error: 0,
  symbolize: 1,
};

export function tsanOptionsString(overrides: TsanOptions = {}): string {
  const merged: Record<string, string | number | boolean> = {
    ...DEFAULT_TSAN_OPTIONS,
    ...overrides,
  };
  return Object.entries(merged)
    .map(([key, value]) => `${key}=${typeof value === 'boolean' ? Number(value) : value}`)
    .join(':');
}

export interface RunOptions {
  readonly tsanOptions?: TsanOptions;
  readonly args?: readonly string[];
  readonly cwd?: string;
  /** Kill the program after this long (default 20 s; the programs take well under 2 s). */
  readonly timeoutMs?: number;
}

export interface RunResult extends ExecResult {
  readonly tsanOptions: string;
}

export function runTsan(binary: string, options: RunOptions = {}): Promise<RunResult> {
  const tsanOptions = tsanOptionsString(options.tsanOptions);
  const env: NodeJS.ProcessEnv = { ...process.env, TSAN_OPTIONS: tsanOptions };
  return runSlot(async () => {
    const result = await exec(binary, options.args ?? [], {
      timeoutMs: options.timeoutMs ?? 20_000,
      env,
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    });
    return { ...result, tsanOptions };
  });
}

// ---------------------------------------------------------------------------------------------
// Compiling

export interface CompileOptions {
  /** Default `-O1`. */
  readonly opt?: OptLevel;
  readonly extraFlags?: readonly string[];
  /** Name of the binary inside the toolchain's directory (default: the source's basename). */
  readonly outName?: string;
}

export class CompileError extends Error {
  constructor(
    message: string,
    readonly result: ExecResult,
  ) {
    super(message);
    this.name = 'CompileError';
  }
}

export function compileArgs(
  tc: Toolchain,
  sourcePath: string,
  outPath: string,
  options: CompileOptions = {},
): { compiler: string; args: string[] } {
  const language = languageOf(sourcePath);
  const args = ['-fsanitize=thread', '-g', options.opt ?? '-O1'];
  if (language === 'c++') args.push('-std=c++17');
  args.push(...(options.extraFlags ?? []), sourcePath, '-o', outPath);
  return { compiler: tc.compilers[language], args };
}

/** A temporary directory holding the binaries of one test file; remove it in `afterAll`. */
export class TsanWorkspace {
  private constructor(readonly dir: string) {}

  static async create(prefix = 'racelens-tsan-'): Promise<TsanWorkspace> {
    return new TsanWorkspace(await mkdtemp(path.join(os.tmpdir(), prefix)));
  }

  /**
   * Compiles `sourcePath` (absolute, so that frames carry the absolute source path) with TSan
   * into `<dir>/<toolchain>/<outName>` and returns the binary's path. The binary's basename is
   * what TSan prints as the module, e.g. `(global_race+0x1202)`.
   */
  async compile(tc: Toolchain, sourcePath: string, options: CompileOptions = {}): Promise<string> {
    const outName = options.outName ?? path.basename(sourcePath).replace(/\.[^.]+$/, '');
    const outDir = path.join(this.dir, tc.id);
    const outPath = path.join(outDir, outName);
    const { compiler, args } = compileArgs(tc, sourcePath, outPath, options);
    await mkdir(outDir, { recursive: true });
    const result = await compileSlot(() => exec(compiler, args, { timeoutMs: 120_000 }));
    if (result.spawnError !== undefined || result.exitCode !== 0) {
      throw new CompileError(
        `${compiler} ${args.join(' ')} failed (${result.spawnError ?? `exit ${result.exitCode}`}):\n${result.stderr}`,
        result,
      );
    }
    return outPath;
  }

  async cleanup(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Detection

export interface ToolchainStatus {
  readonly toolchain: Toolchain;
  readonly language: Language;
  readonly available: boolean;
  /** Why it is not available (compiler output, or what the probe printed). */
  readonly reason?: string;
}

const PROBES: Readonly<Record<Language, { file: string; text: string }>> = {
  c: {
    file: 'probe.c',
    text: [
      '#include <pthread.h>',
      'int g;',
      'static void *t(void *a) { g = 1; return a; }',
      'int main(void) { pthread_t x; pthread_create(&x, 0, t, 0); g = 2; pthread_join(x, 0); return 0; }',
      '',
    ].join('\n'),
  },
  'c++': {
    file: 'probe.cpp',
    text: [
      '#include <thread>',
      'int g;',
      'int main() { std::thread x([] { g = 1; }); g = 2; x.join(); return 0; }',
      '',
    ].join('\n'),
  },
};

const detected = new Map<string, Promise<ToolchainStatus>>();

/**
 * Whether `tc` can compile a 5-line racy program for `language`, run it, and print a symbolized
 * TSan report (with a column for clang, which needs llvm-symbolizer). Cached per process.
 */
export function detectToolchain(tc: Toolchain, language: Language = 'c'): Promise<ToolchainStatus> {
  const key = `${tc.id}:${language}:${tc.compilers[language]}`;
  let status = detected.get(key);
  if (!status) {
    status = probe(tc, language);
    detected.set(key, status);
  }
  return status;
}

async function probe(tc: Toolchain, language: Language): Promise<ToolchainStatus> {
  const unavailable = (reason: string): ToolchainStatus => ({
    toolchain: tc,
    language,
    available: false,
    reason,
  });
  const dir = await mkdtemp(path.join(os.tmpdir(), `racelens-probe-${tc.id}-`));
  try {
    const { file, text } = PROBES[language];
    const source = path.join(dir, file);
    await writeFile(source, text);
    const binary = path.join(dir, 'probe');
    const { compiler, args } = compileArgs(tc, source, binary);
    const compiled = await exec(compiler, args, { timeoutMs: 120_000 });
    if (compiled.spawnError !== undefined)
      return unavailable(`${compiler}: ${compiled.spawnError}`);
    if (compiled.exitCode !== 0) {
      return unavailable(`${compiler} could not build a TSan program:\n${compiled.stderr.trim()}`);
    }
    // The probe's race is unordered, not forced: about 1 run in 100 TSan misses it. A toolchain
    // is missing only if it never reports in a few runs.
    let run = await runTsan(binary);
    for (
      let attempt = 1;
      attempt < 5 && !run.stderr.includes('WARNING: ThreadSanitizer: data race');
      attempt++
    ) {
      run = await runTsan(binary);
    }
    if (run.exitCode !== 66 || !run.stderr.includes('WARNING: ThreadSanitizer: data race')) {
      return unavailable(
        `the probe built by ${compiler} did not report its race (exit ${run.exitCode}):\n${run.stderr.trim()}`,
      );
    }
    const frame = tc.id === 'clang' ? /probe\.c(pp)?:\d+:\d+ / : /probe\.c(pp)?:\d+ /;
    if (!frame.test(run.stderr)) {
      return unavailable(
        `the probe's report is not symbolized with file:line${tc.id === 'clang' ? ':column (is llvm-symbolizer installed? Debian package llvm-19)' : ''}:\n${run.stderr.trim()}`,
      );
    }
    return { toolchain: tc, language, available: true };
  } catch (error) {
    return unavailable(error instanceof Error ? error.message : String(error));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function detectToolchains(): Promise<ToolchainStatus[]> {
  const languages: readonly Language[] = ['c', 'c++'];
  return Promise.all(TOOLCHAINS.flatMap((tc) => languages.map((l) => detectToolchain(tc, l))));
}

/** The message a CI run fails with when a toolchain is missing. */
export function missingToolchainMessage(status: ToolchainStatus): string {
  const packages = status.toolchain.packages[status.language].join(' ');
  return [
    `${status.toolchain.label} cannot build ${status.language === 'c' ? 'C' : 'C++'} programs with -fsanitize=thread.`,
    `Install the Debian packages: apt-get install ${packages}`,
    `(CI=true, so the real-runtime tests fail instead of skipping.)`,
    `Probe output: ${status.reason ?? 'none'}`,
  ].join('\n');
}

/** What a test needs to skip itself. */
interface SkippableContext {
  skip(note?: string): void;
}

/**
 * Guards a test that needs a toolchain: returns when it is available, skips the test locally
 * when it is not, and fails on CI with the packages to install.
 */
export function requireToolchain(status: ToolchainStatus, ctx: SkippableContext): void {
  if (status.available) return;
  if (IN_CI) throw new Error(missingToolchainMessage(status));
  ctx.skip(`missing: ${status.toolchain.packages[status.language].join(', ')}`);
}

/**
 * Declares, for each language, a test that says whether the toolchain can build and run TSan
 * programs (skipped locally, failing on CI when it cannot). `statusOf` is called when it runs,
 * after the file's probes.
 */
export function declareToolchainTests(
  it: (title: string, test: (ctx: SkippableContext) => void) => void,
  tc: Toolchain,
  statusOf: (tc: Toolchain, language: Language) => ToolchainStatus,
): void {
  for (const language of ['c', 'c++'] as const) {
    const title = `${tc.label} builds and runs ${language === 'c' ? 'C' : 'C++'} TSan programs`;
    it(title, (ctx) => requireToolchain(statusOf(tc, language), ctx));
  }
}
