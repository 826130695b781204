import type { Frame } from '../model/frame.js';
import type { Access, Location, Report, Runtime, ThreadInfo, ThreadRef } from '../model/report.js';
import { goReportText } from './go-report-text.js';

/**
 * A parsed report printed back in TSan's own layout (clang 19's frame template), for the places
 * that show "the report": an issue draft's `<details>`, the HTML page. It is rebuilt from what
 * was read, so a log's damage (glued lines, CI prefixes, colour, another process's lines in
 * between) is gone, and parsing it again gives the same report.
 */
export function reportText(report: Report): string {
  if (report.runtime === 'go') return goReportText(report);
  const lines: string[] = ['=================='];
  lines.push(
    `WARNING: ThreadSanitizer: ${report.kind}${report.pid === null ? '' : ` (pid=${report.pid})`}`,
  );
  const headline = report.stacks.filter((s) => s.role === 'headline');
  for (const stack of headline) lines.push(...frameLines(stack.frames, stack.stackRestored));
  if (report.cycle) {
    const cycle = report.cycle.map((m) => `${m.id}${m.address ? ` (${m.address})` : ''}`);
    lines.push(
      `  Cycle in lock order graph: ${cycle.join(' => ')} => ${report.cycle[0]?.id ?? ''}`,
    );
  }
  if (headline.length > 0 || report.cycle) lines.push('');
  for (const access of report.accesses) {
    // A header cut before `by ...` (a truncated log) is printed as it was read.
    if (access.thread === null && access.frames.length === 0) {
      lines.push(`  ${accessHeader(access)}`);
      continue;
    }
    lines.push(
      `  ${accessHeader(access)}:`,
      ...frameLines(access.frames, access.stackRestored),
      '',
    );
  }
  for (const stack of report.stacks) {
    if (stack.role === 'headline') continue;
    const header = stack.role === 'and' ? 'and' : (stack.title ?? 'stack');
    lines.push(`  ${header}:`, ...frameLines(stack.frames, stack.stackRestored), '');
  }
  for (const location of report.locations) {
    const text = locationLines(location);
    lines.push(...text, '');
  }
  for (const mutex of report.mutexes) {
    const address = mutex.address ? ` (${mutex.address})` : '';
    const header = mutex.destroyed
      ? `  Mutex ${mutex.id}${address} is already destroyed.`
      : `  Mutex ${mutex.id}${address} created at:`;
    lines.push(header);
    if (!mutex.destroyed) lines.push(...frameLines(mutex.frames, mutex.stackRestored));
    lines.push('');
  }
  for (const thread of report.threads) {
    lines.push(`  ${threadHeader(thread)}`);
    if (!thread.gcdWorker) lines.push(...frameLines(thread.frames, thread.stackRestored));
    lines.push('');
  }
  if (report.similarThreadLeaks !== null) {
    lines.push(`  And ${report.similarThreadLeaks} more similar thread leaks.`, '');
  }
  if (report.summary !== null) lines.push(`SUMMARY: ThreadSanitizer: ${report.summary}`);
  if (!report.truncated) lines.push('==================');
  return `${lines.join('\n')}\n`;
}

/**
 * `    #0 interpreter_clear /path/pystate.c:769:26 (python+0x6cd57a)`, as clang 19 prints it;
 * frames that carried an absolute PC keep it in the DEFAULT template (`#0 0x7f… in fn …`).
 */
export function frameLine(frame: Frame): string {
  const fn = frame.function ?? '<null>';
  let place = frame.file ?? '<null>';
  if (frame.line !== null)
    place += `:${frame.line}${frame.column !== null ? `:${frame.column}` : ''}`;
  const buildId = frame.buildId ? ` (BuildId: ${frame.buildId})` : '';
  const module = frame.module !== null ? ` (${frame.module}+${frame.offset ?? '0x0'})` : '';
  if (frame.address !== null) {
    const where = frame.file === null && frame.line === null ? '' : ` ${place}`;
    const tail = module || (frame.file === null ? ' (<unknown module>)' : '');
    return `    #${frame.index} ${frame.address} in ${fn}${where}${tail}${buildId}`;
  }
  return `    #${frame.index} ${fn} ${place}${module}${buildId}`;
}

function frameLines(frames: readonly Frame[], restored: boolean): string[] {
  if (!restored) return ['    [failed to restore the stack]'];
  return frames.map(frameLine);
}

/** `Previous atomic write of size 8`, `Read-only access of Swift variable`, as TSan words it. */
export function accessHeading(access: Access): string {
  const what = access.objectType
    ? `${access.op === 'write' ? 'modifying' : 'read-only'} access of ${access.objectType}`
    : `${access.atomic ? 'atomic ' : ''}${access.op}${access.size === null ? '' : ` of size ${access.size}`}`;
  const text = access.previous ? `previous ${what}` : what;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function accessHeader(access: Access): string {
  const head = accessHeading(access);
  const at = access.address ? ` at ${access.address}` : '';
  const mutexes =
    access.mutexes.length > 0
      ? ` (mutexes: ${access.mutexes.map((m) => `${m.mode} ${m.id}`).join(', ')})`
      : '';
  const by = access.thread === null ? '' : ` by ${threadName(access.thread)}`;
  return `${head}${at}${by}${mutexes}`;
}

function locationLines(location: Location): string[] {
  switch (location.type) {
    case 'global': {
      const size = location.size === null ? '' : ` of size ${location.size}`;
      const at = location.address ? ` at ${location.address}` : '';
      const module = location.module ? ` (${location.module}+${location.offset ?? '0x0'})` : '';
      return [`  Location is global '${location.name}'${size}${at}${module}`];
    }
    case 'heap': {
      const what = location.objectType ?? 'heap block';
      const size = location.size === null ? '' : ` of size ${location.size}`;
      const at = location.address ? ` at ${location.address}` : '';
      return [
        `  Location is ${what}${size}${at} allocated by ${threadName(location.thread)}:`,
        ...frameLines(location.frames, true),
      ];
    }
    case 'stack':
      return [`  Location is stack of ${threadName(location.thread)}.`];
    case 'tls':
      return [`  Location is TLS of ${threadName(location.thread)}.`];
    case 'fd':
      return [
        `  Location is file descriptor ${location.fd} ${location.event} by ${threadName(location.thread)} at:`,
        ...frameLines(location.frames, true),
      ];
  }
}

function threadHeader(thread: ThreadInfo): string {
  const name = thread.name === null ? '' : ` '${thread.name}'`;
  const details = [thread.tid === null ? null : `tid=${thread.tid}`, thread.state]
    .filter((d) => d !== null)
    .join(', ');
  const group = details ? ` (${details})` : '';
  if (thread.gcdWorker) return `Thread ${thread.id}${name}${group} is a GCD worker thread`;
  const creator = thread.createdBy === null ? '' : ` created by ${threadName(thread.createdBy)}`;
  return `Thread ${thread.id}${name}${group}${creator} at:`;
}

/**
 * `main thread` or `thread T7`, as TSan says it; `main goroutine` or `goroutine 7` for Go's
 * race detector (whose goroutine refs are `G<n>`, and whose main goroutine is `main`).
 */
export function threadName(thread: ThreadRef | null, runtime?: Runtime): string {
  if (thread === null) return runtime === 'go' ? 'unknown goroutine' : 'unknown thread';
  if (thread === 'main') return runtime === 'go' ? 'main goroutine' : 'main thread';
  if (/^G\d+$/.test(thread)) return `goroutine ${thread.slice(1)}`;
  return `thread ${thread}`;
}
