import type { Frame } from '../model/frame.js';
import type { Access, Report, ThreadRef } from '../model/report.js';

/**
 * A Go race report printed back in the Go race detector's own layout, as reportText does for
 * TSan's: sections preceded by a blank line, two-line unnumbered frames, no SUMMARY. Parsing
 * it again gives the same report.
 */
export function goReportText(report: Report): string {
  const lines: string[] = ['==================', 'WARNING: DATA RACE'];
  // Frames read outside any section (a damaged log) stay where they were: under the headline.
  for (const stack of report.stacks) {
    if (stack.role === 'headline') lines.push(...goFrameLines(stack.frames, stack.stackRestored));
  }
  let first = true;
  const section = (header: string, frames: readonly Frame[], restored: boolean): void => {
    if (!first) lines.push('');
    first = false;
    lines.push(header, ...goFrameLines(frames, restored));
  };
  for (const access of report.accesses) {
    section(goAccessHeader(access), access.frames, access.stackRestored);
  }
  for (const location of report.locations) {
    if (location.type === 'heap') {
      const who =
        location.thread === null ? '' : ` allocated by ${goroutineName(location.thread)}:`;
      section(
        `Heap block of size ${location.size ?? 0} at ${location.address ?? '0x0'}${who}`,
        location.frames,
        true,
      );
    } else if (location.type === 'global') {
      // Go's `declared at <file>:<line>` is not kept in the model.
      section(
        `Global var ${location.name} of size ${location.size ?? 0} at ${location.address ?? '0x0'} declared at ?:0`,
        [],
        true,
      );
    }
  }
  for (const thread of report.threads) {
    const id = /^G\d+$/.test(thread.id) ? thread.id.slice(1) : thread.id;
    const state = thread.state === null ? '' : ` (${thread.state})`;
    section(`Goroutine ${id}${state} created at:`, thread.frames, thread.stackRestored);
  }
  if (!report.truncated) lines.push('==================');
  return `${lines.join('\n')}\n`;
}

function goAccessHeader(access: Access): string {
  const op = access.previous ? `Previous ${access.op}` : access.op === 'write' ? 'Write' : 'Read';
  const at = access.address ? ` at ${access.address}` : '';
  const by = access.thread === null ? '' : ` by ${goroutineName(access.thread)}:`;
  return `${op}${at}${by}`;
}

function goroutineName(thread: ThreadRef): string {
  return thread === 'main' ? 'main goroutine' : `goroutine ${thread.replace(/^G/, '')}`;
}

/** `  main.main.func1()` and `      /path/main.go:16 +0x3b`, as Go prints a frame. */
function goFrameLines(frames: readonly Frame[], restored: boolean): string[] {
  if (!restored) return ['  [failed to restore the stack]'];
  const lines: string[] = [];
  for (const frame of frames) {
    lines.push(`  ${frame.function ?? '??'}()`);
    if (frame.file !== null) {
      const offset = frame.offset === null ? '' : ` +${frame.offset}`;
      lines.push(`      ${frame.file}:${frame.line ?? 0}${offset}`);
    }
  }
  return lines;
}
