/**
 * The shape issue 14 asks for: triage imports nothing from match/ (it declares the small
 * interfaces it needs, match/ implements them), and one "program frame" rule, decided in
 * triage/program-frame.ts, is what every view uses.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Frame } from '../../src/index.js';
import { isProgramFrame, programFrame } from '../../src/triage/program-frame.js';
import { makeFrame, REPO_ROOT } from '../support/fixtures.js';

const SRC = join(REPO_ROOT, 'src');
const sources = (dir: string) =>
  readdirSync(join(SRC, dir))
    .filter((name) => name.endsWith('.ts'))
    .map((name) => ({ name: `${dir}/${name}`, text: readFileSync(join(SRC, dir, name), 'utf8') }));

describe('triage and match', () => {
  it('triage/ imports nothing from match/', () => {
    for (const file of sources('triage'))
      expect(file.text, file.name).not.toMatch(/from '\.\.\/match\//);
  });
});

describe('the program frame', () => {
  it('is decided in triage: no view classifies frames itself', () => {
    const views = [...sources('render'), ...sources('cli/commands')];
    for (const file of views) expect(file.text, file.name).not.toMatch(/runtime-frames\.js'/);
  });

  const frame = (fields: Partial<Frame>): Frame => makeFrame(fields);

  it("skips the runtime's interceptors, start-up code and system libraries", () => {
    const stack = [
      frame({ function: 'pthread_create', file: null, module: 'app' }),
      frame({ function: 'memcpy', file: '/usr/include/x86_64-linux-gnu/bits/string_fortified.h' }),
      frame({ function: 'spawn_workers', file: '/src/app.c' }),
      frame({
        function: '__libc_start_call_main',
        file: 'csu/../sysdeps/nptl/libc_start_call_main.h',
      }),
    ];
    expect(programFrame(stack)?.function).toBe('spawn_workers');
    expect(stack.map(isProgramFrame)).toEqual([false, false, true, false]);
  });

  it('falls back to a system frame when the stack has nothing of the program', () => {
    const stack = [
      frame({ function: 'free', file: null, module: 'app' }),
      frame({ function: 'std::vector::push_back', file: '/usr/include/c++/12/bits/stl_vector.h' }),
    ];
    expect(programFrame(stack)?.function).toBe('std::vector::push_back');
    expect(programFrame([frame({ function: null })])).toBeNull();
  });
});
