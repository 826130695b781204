import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const GNU_TIME = '/usr/bin/time';
const PROBE = fileURLToPath(new URL('rss-probe.cjs', import.meta.url));
const STDERR_KEEP = 64 * 1024;
const SIGNAL_NAMES = Object.fromEntries(
  Object.entries(constants.signals).map(([name, number]) => [number, name]),
);

let rssMethod;
/**
 * How peak RSS is measured: `time` (GNU time's %M) when /usr/bin/time is GNU time, else
 * `probe` (a preload that reads process.resourceUsage() at exit; Node commands only).
 * BENCH_RSS=probe forces the probe.
 */
export function peakRssMethod() {
  if (!rssMethod) {
    if (process.env.BENCH_RSS === 'probe') rssMethod = 'probe';
    else {
      const check = spawnSync(GNU_TIME, ['-f', '%M', '-o', '/dev/null', 'true'], {
        stdio: 'ignore',
      });
      rssMethod = check.status === 0 ? 'time' : 'probe';
    }
  }
  return rssMethod;
}

/**
 * Runs a command to completion, timing it from spawn to exit and measuring its peak RSS.
 * `node: true` means `command` is a Node script run with this Node (`args` go after it), so the
 * probe can be preloaded when GNU time is missing. `onStdout(chunk)` receives stdout as it
 * arrives (nothing is buffered here); with `stdoutFile`, stdout goes to that file instead (read it
 * after the run: no reader in this process competes with the command for the CPUs while it is
 * timed). stderr keeps its last 64 KB.
 *
 * Resolves `{ seconds, cpuSeconds, code, signal, rssKB, stderr, stderrBytes }`; `cpuSeconds`
 * (user + system) and `rssKB` are null when they could not be measured.
 */
export async function measure({ command, args, node = false, onStdout = () => {}, stdoutFile }) {
  const dir = await mkdtemp(join(tmpdir(), 'racelens-bench-'));
  const rssFile = join(dir, 'rss');
  const out = stdoutFile === undefined ? null : await open(stdoutFile, 'w');
  try {
    let file = node ? process.execPath : command;
    let argv = node ? [command, ...args] : args;
    const env = { ...process.env };
    if (peakRssMethod() === 'time') {
      argv = ['-f', '%M %U %S', '-o', rssFile, file, ...argv];
      file = GNU_TIME;
    } else if (node) {
      argv = ['--require', PROBE, ...argv];
      env.RACELENS_BENCH_RSS_FILE = rssFile;
    }
    const started = process.hrtime.bigint();
    const child = spawn(file, argv, {
      env,
      stdio: ['ignore', out === null ? 'pipe' : out.fd, 'pipe'],
    });
    let stderr = '';
    let stderrBytes = 0;
    child.stdout?.on('data', onStdout);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text) => {
      stderrBytes += Buffer.byteLength(text);
      stderr = (stderr + text).slice(-STDERR_KEEP);
    });
    const { code, signal } = await new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (code, signal) => resolve({ code, signal }));
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const { rssKB, cpuSeconds } = await readUsage(rssFile);
    const result = { seconds, cpuSeconds, code, signal, rssKB, stderr, stderrBytes };
    // GNU time exits 128 + N when its command was killed by signal N.
    if (file === GNU_TIME && signal === null && code > 128 && SIGNAL_NAMES[code - 128]) {
      return { ...result, code: null, signal: SIGNAL_NAMES[code - 128] };
    }
    return result;
  } finally {
    await out?.close();
    await rm(dir, { recursive: true, force: true });
  }
}

// `<max RSS KB> <user s> <system s>`, from GNU time (which writes `Command exited with non-zero
// status N` on a line before it when the command failed) or from the probe.
async function readUsage(file) {
  try {
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    const [kb, user, system] = lines[lines.length - 1].split(' ').map(Number);
    return {
      rssKB: Number.isFinite(kb) && kb > 0 ? kb : null,
      cpuSeconds: Number.isFinite(user) && Number.isFinite(system) ? user + system : null,
    };
  } catch {
    return { rssKB: null, cpuSeconds: null };
  }
}
