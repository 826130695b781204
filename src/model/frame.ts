/** One stack frame as TSan printed it. Every field TSan can omit is `null`, never guessed. */
export interface Frame {
  /** The `#N` printed before the frame (inlined frames get their own numbers). */
  readonly index: number;
  /** Demangled function name, read whole (spaces, templates, `operator()`); null for `<null>`/`??`. */
  readonly function: string | null;
  readonly file: string | null;
  readonly line: number | null;
  readonly column: number | null;
  /** Module basename from `(module+0xoff)`, without an Apple `:arch` suffix. */
  readonly module: string | null;
  /**
   * Offset into the module, as printed (`0x1229`). Kept as text: it is 64-bit. Go frames have
   * no module: theirs is the `+0x3b` after the line, the offset from the function's entry.
   */
  readonly offset: string | null;
  readonly buildId: string | null;
  /** Absolute PC, printed by the DEFAULT frame format or as `(0x...)` when no module is known. */
  readonly address: string | null;
  /** The line was cut before the module group: fields right of the cut are missing. */
  readonly damaged?: true;
}
