/** How a directory named as input is walked (`--include`, `--exclude`, what was skipped). */
export interface WalkOptions {
  /** Globs a walked file must match (any of them), as ripgrep's `-g`; empty: every file. */
  readonly include?: readonly string[];
  /** Globs of files and folders left out of the walk. */
  readonly exclude?: readonly string[];
  /** Told about every file the walk left out on its own (binary), for one count at the end. */
  readonly onSkipped?: (skipped: SkippedFile) => void;
}

/** A file under a walked directory that was not read. */
export interface SkippedFile {
  readonly path: string;
  readonly reason: 'binary';
}
