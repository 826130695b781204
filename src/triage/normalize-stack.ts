import type { Frame } from '../model/frame.js';
import type { Report } from '../model/report.js';
import type { Config } from './config.js';
import { globToRegExp } from './glob.js';
import { isGoRuntimeFrame, isGoSystemFrame } from './go-frames.js';
import { PRESET_TEARDOWN, PRESETS } from './presets.js';
import { isRuntimeFrame, isStartupFrame, isSystemFrame } from './runtime-frames.js';
import { simplifyGoName } from './simplify-go-name.js';
import { simplifyName } from './simplify-name.js';
import { TeardownRule } from './teardown.js';

/** A frame that survived normalisation, with the name signatures use. */
export interface NormalFrame {
  readonly name: string;
  readonly frame: Frame;
  /** In the system's libraries or headers: an anchor only when the stack has nothing else. */
  readonly system: boolean;
}

/** The anchor of a normalised stack: its first project frame, else its first frame. */
export function anchorOf(stack: readonly NormalFrame[]): NormalFrame | undefined {
  return stack.find((f) => !f.system) ?? stack[0];
}

/** Which frames a report's stacks keep. Built once per config; `forReport` picks presets. */
export class FrameRules {
  private readonly always: readonly RegExp[];
  private readonly cpython: readonly RegExp[];
  private readonly autoCpython: boolean;
  private readonly names = new Map<string, string>();
  // One normaliser for each set of plumbing: they cache per frame, and frames are shared objects.
  private plain: StackNormalizer | null = null;
  private withCpython: StackNormalizer | null = null;
  private go: StackNormalizer | null = null;
  private readonly teardown: TeardownRule;
  private readonly teardownCpython: TeardownRule;

  constructor(config: Config) {
    const presets = config.presets === 'auto' ? [] : config.presets;
    this.always = [...config.plumbing, ...presets.flatMap((p) => PRESETS[p])].map(globToRegExp);
    this.cpython = PRESETS.cpython.map(globToRegExp);
    this.autoCpython = config.presets === 'auto';
    const finalizers = [...(config.teardown ?? []), ...presets.flatMap((p) => PRESET_TEARDOWN[p])];
    this.teardown = new TeardownRule(finalizers);
    this.teardownCpython = new TeardownRule([...finalizers, ...PRESET_TEARDOWN.cpython]);
  }

  /** The teardown functions that apply to one report ('auto' adds CPython's for its reports). */
  teardownFor(report: Report): TeardownRule {
    if (report.runtime !== 'go' && this.autoCpython && reportHasCpythonFrame(report))
      return this.teardownCpython;
    return this.teardown;
  }

  /** The plumbing patterns that apply to one report ('auto' recognises CPython by its frames). */
  forReport(report: Report): StackNormalizer {
    // Go names and frames follow their own rules; C/C++ signatures are untouched by them.
    if (report.runtime === 'go') {
      this.go ??= new StackNormalizer(this.always, new Map(), true);
      return this.go;
    }
    return this.normalizer(this.autoCpython && reportHasCpythonFrame(report));
  }

  /** The same for loose frames (a fragment of a report). */
  forFrames(frames: readonly Frame[]): StackNormalizer {
    return this.normalizer(this.autoCpython && hasCpythonFrame(frames));
  }

  private normalizer(cpython: boolean): StackNormalizer {
    if (cpython) {
      this.withCpython ??= new StackNormalizer([...this.always, ...this.cpython], this.names);
      return this.withCpython;
    }
    this.plain ??= new StackNormalizer(this.always, this.names);
    return this.plain;
  }
}

export class StackNormalizer {
  private readonly frames = new WeakMap<Frame, NormalFrame | null>();

  constructor(
    private readonly plumbing: readonly RegExp[],
    private readonly names: Map<string, string>,
    /** Go's race detector's frames: Go names, Go's runtime and standard library. */
    private readonly go = false,
  ) {}

  /**
   * The meaningful frames of a stack, innermost first: runtime frames (TSan internals and
   * interceptors), start-up frames and plumbing dropped, names simplified, and repeats of one
   * function (inlined frames printed twice, recursion) collapsed.
   */
  normalize(frames: readonly Frame[]): NormalFrame[] {
    const kept: NormalFrame[] = [];
    for (const frame of frames) {
      const normal = this.normalFrame(frame);
      if (normal === null) continue;
      if (kept[kept.length - 1]?.name === normal.name) continue;
      kept.push(normal);
    }
    return kept;
  }

  /** A frame's normal form, or null when it is dropped; cached, as frames repeat across reports. */
  private normalFrame(frame: Frame): NormalFrame | null {
    const cached = this.frames.get(frame);
    if (cached !== undefined) return cached;
    let normal: NormalFrame | null = null;
    if (this.go) {
      if (frame.function !== null && !isGoRuntimeFrame(frame)) {
        const name = this.simplified(frame.function);
        if (!this.isPlumbing(name)) normal = { name, frame, system: isGoSystemFrame(frame) };
      }
    } else if (frame.function !== null && !isRuntimeFrame(frame) && !isStartupFrame(frame)) {
      const name = this.simplified(frame.function);
      if (!this.isPlumbing(name)) normal = { name, frame, system: isSystemFrame(frame) };
    }
    this.frames.set(frame, normal);
    return normal;
  }

  isPlumbing(name: string): boolean {
    for (const pattern of this.plumbing) if (pattern.test(name)) return true;
    return false;
  }

  private simplified(name: string): string {
    let simple = this.names.get(name);
    if (simple === undefined) {
      simple = this.go ? simplifyGoName(name) : simplifyName(name);
      if (this.names.size > 100_000) this.names.clear();
      this.names.set(name, simple);
    }
    return simple;
  }
}

// CPython's C API and internals: `PyObject_Call`, `_PyEval_EvalFrameDefault`, `_Py_Dealloc`.
const CPYTHON_NAME = /^_?Py[A-Z_]/;

function reportHasCpythonFrame(report: Report): boolean {
  for (const access of report.accesses) if (hasCpythonFrame(access.frames)) return true;
  for (const stack of report.stacks) if (hasCpythonFrame(stack.frames)) return true;
  return false;
}

export function hasCpythonFrame(frames: readonly Frame[]): boolean {
  for (const frame of frames) {
    const fn = frame.function;
    if (fn === null) continue;
    const first = fn.charCodeAt(0); // `P` or `_` before any regex: most names start otherwise
    if ((first === 80 || first === 95) && CPYTHON_NAME.test(fn)) return true;
  }
  return false;
}

export { globToRegExp } from './glob.js';
