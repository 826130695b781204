import type { Diagnostic, DiagnosticCode } from '../model/diagnostic.js';

const MAX_DIAGNOSTICS = 64;

/** A report's diagnostics, capped so that a runaway stream cannot grow one report without end. */
export class ReportDiagnostics {
  readonly kept: Diagnostic[] = [];
  /** Diagnostics past the cap: counted, not kept. */
  dropped = 0;

  constructor(private readonly file: string) {}

  add(code: DiagnosticCode, message: string, line: number): void {
    if (this.kept.length >= MAX_DIAGNOSTICS) {
      this.dropped++;
      return;
    }
    this.kept.push({ code, message, file: this.file, line });
  }
}

/** A line as quoted in a diagnostic: at most 160 characters. */
export function excerpt(text: string): string {
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}
