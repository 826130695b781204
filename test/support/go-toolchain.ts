/**
 * Go's race detector for the integration tests: builds the racy programs of `test/go-programs/`
 * with `go build -race` (Debian's golang-go; standard library only, no module downloads) and
 * runs them. A missing `go` skips the tests locally and fails them on CI, as for TSan.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { IN_CI } from './tsan-toolchains.js';

export const GO_PROGRAMS_DIR = fileURLToPath(new URL('../go-programs/', import.meta.url));

export interface GoResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number | null;
}

function run(file: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv) {
  return new Promise<GoResult>((resolve) => {
    execFile(
      file,
      args,
      { cwd, env, timeout: 240_000, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
        resolve({ stdout, stderr, exitCode: code });
      },
    );
  });
}

/** A temporary GOCACHE/GOPATH and output directory; `dispose` removes it. */
export class GoWorkspace {
  private constructor(readonly dir: string) {}

  static async create(): Promise<GoWorkspace> {
    return new GoWorkspace(await mkdtemp(path.join(os.tmpdir(), 'racelens-go-')));
  }

  /** No network, no toolchain switching, cgo on (the race runtime needs it). */
  get env(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      GOCACHE: path.join(this.dir, 'cache'),
      GOPATH: path.join(this.dir, 'gopath'),
      GOTOOLCHAIN: 'local',
      GOFLAGS: '',
      GOPROXY: 'off',
      CGO_ENABLED: '1',
    };
  }

  /** Whether `go build -race` works here (null) or why not. */
  async probe(): Promise<string | null> {
    const version = await run('go', ['version'], this.dir, this.env);
    if (version.exitCode !== 0) return 'go is not installed (Debian package golang-go)';
    return null;
  }

  /** `go build -race` of one program directory; returns the binary's path. */
  async build(program: string): Promise<string> {
    const binary = path.join(this.dir, 'bin', program);
    const built = await run(
      'go',
      ['build', '-race', '-o', binary, '.'],
      path.join(GO_PROGRAMS_DIR, program),
      this.env,
    );
    if (built.exitCode !== 0) throw new Error(`go build -race ${program}: ${built.stderr}`);
    return binary;
  }

  /** Runs a race-enabled binary; `gorace` is the GORACE option string (e.g. `log_path=...`). */
  run(binary: string, gorace?: string): Promise<GoResult> {
    const env = gorace === undefined ? this.env : { ...this.env, GORACE: gorace };
    return run(binary, [], this.dir, env);
  }

  /** `go test -race` in a package directory, plain or `-json`; output and errors merged. */
  async test(program: string, json: boolean): Promise<GoResult> {
    const args = ['test', '-race', '-count=1', ...(json ? ['-json'] : []), '.'];
    return run('go', args, path.join(GO_PROGRAMS_DIR, program), this.env);
  }

  dispose(): Promise<void> {
    return rm(this.dir, { recursive: true, force: true });
  }
}

/** Skips locally, fails on CI, when Go cannot build race-enabled programs. */
export function requireGo(problem: string | null, ctx: { skip(note?: string): void }): void {
  if (problem === null) return;
  if (IN_CI) throw new Error(`${problem}: install golang-go (see .ci/run)`);
  ctx.skip(`missing: golang-go (${problem})`);
}
