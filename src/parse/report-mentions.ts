import type { Frame } from '../model/frame.js';
import type { LineToken } from './line-token.js';

/**
 * What one report has mentioned so far, which tells its lines from another process's: the
 * racing address, its modules, and the threads and mutexes it named (false) or already
 * described by their own section (true). Bounded: a runaway stream cannot grow it.
 */
export class ReportMentions {
  /** The address of the first access: the race's, which every access and location shares. */
  raceAddress: string | null = null;
  readonly modules = new Set<string>();
  readonly threadIds = new Map<string, boolean>();
  readonly mutexIds = new Map<string, boolean>();

  /** Records what a section mentions (threads, mutexes) and what it describes. */
  note(token: LineToken): void {
    switch (token.type) {
      case 'access':
        if (this.raceAddress === null && token.header.address)
          this.raceAddress = token.header.address;
        if (token.header.thread) mention(this.threadIds, token.header.thread);
        for (const m of token.header.mutexes) mention(this.mutexIds, m.id);
        break;
      case 'cycle':
        for (const m of token.cycle) mention(this.mutexIds, m.id);
        break;
      case 'edge':
        if (token.header.edge.thread) mention(this.threadIds, token.header.edge.thread);
        break;
      case 'location':
        if ('thread' in token.location && token.location.thread) {
          mention(this.threadIds, token.location.thread);
        }
        break;
      case 'thread':
        this.threadIds.set(token.header.id, true);
        if (token.header.createdBy) mention(this.threadIds, token.header.createdBy);
        break;
      case 'mutex':
        this.mutexIds.set(token.header.id, true);
        break;
      default:
        break;
    }
  }

  noteModule(frame: Frame): void {
    // Modules tell processes apart; the runtime's and the system's are in every process.
    if (frame.module !== null && this.modules.size < 64 && !isSharedModule(frame.module)) {
      this.modules.add(frame.module);
    }
  }
}

function mention(ids: Map<string, boolean>, id: string): void {
  if (!ids.has(id) && ids.size < 256) ids.set(id, false);
}

/** Modules in every process (the runtime's, the system's): they tell no process apart. */
const SHARED_MODULE =
  /^(?:.*\/)?(?:libtsan\.so|libclang_rt\.|libc\.so|libc\+\+|libstdc\+\+|libpthread|libm\.so|libgcc_s|ld-linux|\[)/;

/** Answers kept by module: a log names few modules, in every frame of every report. */
const sharedByModule = new Map<string, boolean>();
const MAX_MODULES_KEPT = 4096;

export function isSharedModule(module: string): boolean {
  let shared = sharedByModule.get(module);
  if (shared === undefined) {
    shared = SHARED_MODULE.test(module);
    if (sharedByModule.size >= MAX_MODULES_KEPT) sharedByModule.clear();
    sharedByModule.set(module, shared);
  }
  return shared;
}
