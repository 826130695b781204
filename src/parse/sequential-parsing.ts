import type { ParseRecord } from '../model/report.js';
import type { InputError, InputSource } from '../read/input-sources.js';
import type { LineClassifier } from './classify-line.js';
import type { parseSource } from './parse-source.js';
import type { InputEndListener } from './source-bytes.js';

/**
 * The one-thread parser, loaded when an input first needs it: a large file parsed on worker
 * threads does not, and loading the parser's modules would only delay handing out its first
 * segments. One classifier for all inputs: frames repeat across the files of one run too.
 */
export class SequentialParsing {
  private loaded: Promise<{ parse: typeof parseSource; classifier: LineClassifier }> | null = null;

  /** The records of one input; `skipRecords` as parseSource's. */
  async *parse(
    source: InputSource,
    onInputEnd: InputEndListener | undefined,
    skipRecords = 0,
  ): AsyncGenerator<ParseRecord | InputError> {
    this.loaded ??= load();
    const { parse, classifier } = await this.loaded;
    yield* parse(source, classifier, onInputEnd, skipRecords);
  }
}

async function load() {
  const [{ parseSource }, { LineClassifier }] = await Promise.all([
    import('./parse-source.js'),
    import('./classify-line.js'),
  ]);
  return { parse: parseSource, classifier: new LineClassifier() };
}
