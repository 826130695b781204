import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { expandInputs, InputError } from '../../src/read/input-sources.js';
import type { SkippedFile, WalkOptions } from '../../src/read/walk-options.js';

const work = mkdtempSync(join(tmpdir(), 'racelens-walk-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A folder built from an inline list of files. */
function tree(name: string, files: Record<string, string | Buffer>): string {
  const root = join(work, name);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

async function walk(root: string, options: WalkOptions = {}) {
  const read: string[] = [];
  const skipped: SkippedFile[] = [];
  for await (const source of expandInputs([root], undefined, {
    ...options,
    onSkipped: (s) => skipped.push(s),
  })) {
    if (source instanceof InputError) throw source;
    read.push(relative(root, source.name));
  }
  return { read, skipped: skipped.map((s) => relative(root, s.path)) };
}

describe('directory inputs are walked as ripgrep walks them', () => {
  const checkout = tree('checkout', {
    '.git/HEAD': 'ref: refs/heads/main\n',
    '.git/logs/tsan.1': 'WARNING: ThreadSanitizer: data race\n',
    '.gitignore': 'build/\n*.tmp\n',
    '.ignore': 'private.log\n',
    'node_modules/better-sqlite3/deps/sqlite3.c': '#0 sqlite3Malloc sqlite3.c:1\n',
    'build/tsan.log': 'ignored by .gitignore\n',
    'a.log': 'text\n',
    'b.tmp': 'ignored by a glob\n',
    'private.log': 'ignored by .ignore\n',
    'logs/c.log': 'text\n',
    'logs/.gitignore': 'local-*.log\n',
    'logs/local-1.log': 'ignored by a nested .gitignore\n',
    'logs/core.bin': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01]),
    'logs/d.log.gz': gzipSync(Buffer.from('text\n')),
  });

  it('honours .gitignore and .ignore (nested too), skips .git and node_modules', async () => {
    const { read } = await walk(checkout);
    expect(read).toEqual([
      '.gitignore',
      '.ignore',
      'a.log',
      'logs/.gitignore',
      'logs/c.log',
      'logs/d.log.gz',
    ]);
  });

  it('skips files with a NUL byte in the first block, but reads gzip files', async () => {
    const { read, skipped } = await walk(checkout);
    expect(skipped).toEqual(['logs/core.bin']);
    expect(read).toContain('logs/d.log.gz');
  });

  it('keeps the rules of the checkout when walking a folder inside it', async () => {
    const { read } = await walk(join(checkout, 'logs'));
    expect(read).toEqual(['.gitignore', 'c.log', 'd.log.gz']);
  });

  it('--include and --exclude globs: no "/" matches at any depth', async () => {
    expect((await walk(checkout, { include: ['*.log'] })).read).toEqual(['a.log', 'logs/c.log']);
    expect((await walk(checkout, { exclude: ['logs'] })).read).toEqual([
      '.gitignore',
      '.ignore',
      'a.log',
    ]);
    expect((await walk(checkout, { include: ['logs/*'], exclude: ['*.gz', '.*'] })).read).toEqual([
      'logs/c.log',
    ]);
  });

  it('reads a file named directly even when an ignore rule or the binary check would skip it', async () => {
    const named = [join(checkout, 'build/tsan.log'), join(checkout, 'logs/core.bin')];
    const read: string[] = [];
    for await (const source of expandInputs(named)) {
      if (!(source instanceof InputError)) read.push(relative(checkout, source.name));
    }
    expect(read).toEqual(['build/tsan.log', 'logs/core.bin']);
  });
});
