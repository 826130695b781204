import type { Frame } from '../model/frame.js';
import type { Runtime } from '../model/report.js';

/**
 * Which runtime printed a report, told from its frames; the one place this rule is written.
 * - Apple's (Xcode's compiler-rt on macOS): its runtime is `libclang_rt.tsan_osx_dynamic.dylib`,
 *   modules are `.dylib`s or carry an architecture (`python.exe:arm64+0x...`), and its
 *   symbolizer prints `file:line` without a column.
 * - gcc's: the shared libtsan names itself in frames (`libtsan.so.2`, `.../libsanitizer/...`).
 * - LLVM's on Linux: BuildIds and columns.
 * - A line number alone (no column, no BuildId) is only a hint of gcc's libbacktrace.
 */
export function frameRuntime(frame: Frame, archSuffix: boolean): Runtime {
  const style = frameStyle(frame, archSuffix);
  return style === 'weak-gcc' ? 'gcc' : style;
}

/** What one frame says of its runtime: frameRuntime's answer, with gcc's weak hint apart. */
export type FrameStyle = Exclude<Runtime, 'go'> | 'weak-gcc';

/**
 * A frame's style. The classifier works it out once per distinct frame line (its token keeps
 * it): reports print the same frames again and again.
 */
export function frameStyle(frame: Frame, archSuffix: boolean): FrameStyle {
  if (archSuffix || isAppleModule(frame.module)) return 'apple';
  if (isGccRuntimeFrame(frame)) return 'gcc';
  if (frame.buildId !== null || frame.column !== null) return 'llvm';
  return frame.line !== null ? 'weak-gcc' : 'unknown';
}

/** The evidence of one report's frames, weighed as frameRuntime says. */
export class RuntimeEvidence {
  private apple = 0;
  private gcc = 0;
  private llvm = 0;
  private weakGcc = 0;

  /** One frame, by its style (frameStyle). */
  note(style: FrameStyle): void {
    switch (style) {
      case 'apple':
        this.apple++;
        break;
      case 'gcc':
        this.gcc++;
        break;
      case 'llvm':
        this.llvm++;
        break;
      case 'weak-gcc':
        this.weakGcc++;
        break;
    }
  }

  /** A signal handler stack: only LLVM's runtime prints `Signal N handler invoked at:`. */
  noteLlvmOnly(): void {
    this.llvm++;
  }

  get runtime(): Runtime {
    if (this.apple > 0) return 'apple';
    if (this.gcc > 0) return 'gcc';
    if (this.llvm > 0) return 'llvm';
    return this.weakGcc > 0 ? 'gcc' : 'unknown';
  }
}

/**
 * How much a frame's runtime agrees with a report's: +1 same, -1 different, 0 when either is
 * unknown. Apple's frames print no column, like gcc's weak evidence: no disagreement there.
 */
export function runtimeAgreement(frame: Frame, archSuffix: boolean, report: Runtime): number {
  const style = frameRuntime(frame, archSuffix);
  if (style === 'unknown' || report === 'unknown') return 0;
  if (style === report) return 1;
  if (report === 'apple' && style === 'gcc' && !isGccRuntimeFrame(frame)) return 0;
  return -1;
}

function isAppleModule(module: string | null): boolean {
  return (
    module !== null && (module.endsWith('.dylib') || module.startsWith('libclang_rt.tsan_osx'))
  );
}

function isGccRuntimeFrame(frame: Frame): boolean {
  return (
    frame.module?.startsWith('libtsan.so') === true ||
    frame.file?.includes('/libsanitizer/') === true
  );
}
