import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/model/report.js';
import { parseText } from '../../src/parse/parse-text.js';
import { findSymbolizerTool, SymbolizerNotFoundError } from '../../src/symbolize/find-tool.js';
import { Symbolizer } from '../../src/symbolize/symbolizer.js';
import { runCli } from '../support/run-cli.js';

/** Node's own executable is an ELF file every test machine has; the log names it as a module. */
const MODULE = basename(process.execPath);
const LOG = [
  '==================',
  'WARNING: ThreadSanitizer: data race (pid=1)',
  '  Write of size 4 at 0x7b0400000000 by main thread:',
  `    #0 <null> <null> (${MODULE}+0x1001)`,
  '    #1 known_fn /src/a.c:3:1 (other+0x20)',
  '',
  '  Previous read of size 4 at 0x7b0400000000 by thread T1:',
  `    #0 <null> <null> (${MODULE}+0x1001)`,
  '',
  'SUMMARY: ThreadSanitizer: data race (/bin/x+0x1001)',
  '==================',
  '',
].join('\n');

describe('symbolizer errors', () => {
  it('says what to install when no symbolizer is on PATH', () => {
    expect(() => findSymbolizerTool({ PATH: '/nonexistent' })).toThrow(SymbolizerNotFoundError);
    expect(() => findSymbolizerTool({ PATH: '/nonexistent' })).toThrow(
      /llvm-symbolizer not found: install llvm-19 \(Debian\) or binutils for addr2line/,
    );
  });

  it('leaves the frames of a module whose symbolizer process dies as they were, and says so', async () => {
    const symbolizer = new Symbolizer({
      binaries: [process.execPath],
      tool: { kind: 'llvm-symbolizer', path: '/bin/false' },
    });
    try {
      const parsed = parseText(LOG, { file: 'x.log' });
      const records = await symbolizer.symbolize(parsed);
      expect(records).toEqual(parsed);
      expect(symbolizer.missing).toEqual([]);
      expect(symbolizer.failed.map((f) => f.path)).toEqual([process.execPath]);
      expect(symbolizer.failed[0]?.message).toMatch(/\/bin\/false/);
      // Later batches do not wait on the dead process.
      expect(await symbolizer.symbolize(parsed)).toEqual(parsed);
    } finally {
      symbolizer.close();
    }
  });

  it('leaves an already symbolized frame alone next to a bare one of a missing module', async () => {
    const symbolizer = new Symbolizer({
      binaries: ['/nonexistent-dir'],
      tool: { kind: 'llvm-symbolizer', path: '/bin/false' },
    });
    try {
      const [report] = (await symbolizer.symbolize(parseText(LOG, { file: 'x.log' }))) as Report[];
      expect(report?.accesses[0]?.frames[1]?.function).toBe('known_fn');
      expect(symbolizer.missing).toEqual([
        { module: MODULE, buildId: null, file: 'x.log', line: 2 },
      ]);
    } finally {
      symbolizer.close();
    }
  });

  it('takes --symbolize and --binaries only together (exit 2 with the reason)', async () => {
    const alone = await runCli(['parse', '--symbolize', '-'], { stdin: LOG });
    expect(alone.code).toBe(2);
    expect(alone.stderr).toMatch(/--symbolize needs --binaries DIR/);
    const unused = await runCli(['triage', '--binaries', '/tmp', '-'], { stdin: LOG });
    expect(unused.code).toBe(2);
    expect(unused.stderr).toMatch(/--binaries is read with --symbolize only/);
    const missing = await runCli(['symbolize', '-'], { stdin: LOG });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--binaries/);
  });
});
