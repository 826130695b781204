import type { Frame } from '../model/frame.js';
import type { Location, ParseRecord } from '../model/report.js';

type GlobalLocation = Extract<Location, { type: 'global' }>;

/** What to do to each stack and each global location of a record. */
export interface StackMapper {
  stack(frames: readonly Frame[]): readonly Frame[];
  global(location: GlobalLocation): GlobalLocation;
}

/**
 * Every stack of a record (accesses, extra stacks, heap/fd locations, threads, mutexes, a
 * fragment's frames) and every global location, rebuilt through `mapper`; records without
 * stacks are returned as they are.
 */
export function mapRecordStacks(record: ParseRecord, mapper: StackMapper): ParseRecord {
  if (record.type === 'diagnostic') {
    return record.frames ? { ...record, frames: mapper.stack(record.frames) } : record;
  }
  if (record.type !== 'report') return record;
  const location = (l: Location): Location => {
    if (l.type === 'global') return mapper.global(l);
    if (l.type === 'heap' || l.type === 'fd') return { ...l, frames: mapper.stack(l.frames) };
    return l;
  };
  const locations = record.locations.map(location);
  return {
    ...record,
    accesses: record.accesses.map((a) => ({ ...a, frames: mapper.stack(a.frames) })),
    stacks: record.stacks.map((s) => ({ ...s, frames: mapper.stack(s.frames) })),
    // The first meaningful location, chosen again: a global named now is no longer an artifact.
    location: locations.find((l) => l.type !== 'global' || !l.artifact) ?? null,
    locations,
    threads: record.threads.map((t) => ({ ...t, frames: mapper.stack(t.frames) })),
    mutexes: record.mutexes.map((m) => ({ ...m, frames: mapper.stack(m.frames) })),
  };
}

/** Visits the same stacks and globals without rebuilding anything (the hot path). */
export function visitRecordStacks(
  record: ParseRecord,
  visit: { stack(frames: readonly Frame[]): void; global(location: GlobalLocation): void },
): void {
  if (record.type === 'diagnostic') {
    if (record.frames) visit.stack(record.frames);
    return;
  }
  if (record.type !== 'report') return;
  for (const access of record.accesses) visit.stack(access.frames);
  for (const stack of record.stacks) visit.stack(stack.frames);
  for (const location of record.locations) {
    if (location.type === 'global') visit.global(location);
    else if (location.type === 'heap' || location.type === 'fd') visit.stack(location.frames);
  }
  for (const thread of record.threads) visit.stack(thread.frames);
  for (const mutex of record.mutexes) visit.stack(mutex.frames);
}
