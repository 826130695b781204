const NEEDLE = Buffer.from('"type":"report"');
const MAX_PROBLEMS = 5;

/** Which lines (0-based) are JSON.parse'd: the first 1000 and every 10,000th (and the last). */
export function isSampled(index) {
  return index < 1000 || index % 10_000 === 0;
}

/**
 * Consumes JSON Lines output chunk by chunk without keeping it: counts bytes, records
 * (newlines) and report records (`"type":"report"`, which cannot occur unescaped inside a JSON
 * string), and JSON.parses a sample of whole lines and the last one. Memory: two lines at most
 * (the one being read and the previous one, held as views of the chunks they came in).
 */
export class JsonlSink {
  bytes = 0;
  records = 0;
  reports = 0;
  sampled = 0;
  sampledTypes = {};
  problems = [];
  #parts = [];
  #previous = null;
  #partial = 0;
  #carry = Buffer.alloc(0);

  write(chunk) {
    this.bytes += chunk.length;
    this.#countReports(chunk);
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf(10, start);
      const end = newline === -1 ? chunk.length : newline;
      if (end > start) this.#parts.push(chunk.subarray(start, end));
      if (newline === -1) {
        this.#partial += end - start;
        return;
      }
      if (isSampled(this.records)) {
        this.#check(Buffer.concat(this.#parts));
        this.#previous = null;
      } else {
        this.#previous = this.#parts;
      }
      this.#parts = [];
      this.#partial = 0;
      this.records++;
      start = newline + 1;
    }
  }

  /** Call at end of output; returns the problems found (empty when the output is valid). */
  end() {
    if (this.#previous !== null) {
      this.records--;
      this.#check(Buffer.concat(this.#previous));
      this.records++;
      this.#previous = null;
    }
    if (this.#partial > 0) this.#problem(`output ends with ${this.#partial} bytes and no newline`);
    return this.problems;
  }

  #countReports(chunk) {
    // Matches inside the chunk, then any that straddle the previous chunk's end.
    for (let at = chunk.indexOf(NEEDLE); at !== -1; at = chunk.indexOf(NEEDLE, at + 1)) {
      this.reports++;
    }
    const keep = NEEDLE.length - 1;
    if (this.#carry.length > 0) {
      const seam = Buffer.concat([this.#carry, chunk.subarray(0, keep)]);
      if (seam.indexOf(NEEDLE) !== -1) this.reports++;
    }
    const tail = chunk.subarray(Math.max(0, chunk.length - keep));
    this.#carry =
      chunk.length >= keep ? Buffer.from(tail) : Buffer.concat([this.#carry, tail]).subarray(-keep);
  }

  #check(line) {
    this.sampled++;
    let value;
    try {
      value = JSON.parse(line.toString('utf8'));
    } catch (error) {
      this.#problem(`record ${this.records + 1} is not JSON (${error.message}): ${preview(line)}`);
      return;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.#problem(`record ${this.records + 1} is not a JSON object: ${preview(line)}`);
      return;
    }
    const type = typeof value.type === 'string' ? value.type : '(no type)';
    this.sampledTypes[type] = (this.sampledTypes[type] ?? 0) + 1;
  }

  #problem(message) {
    if (this.problems.length < MAX_PROBLEMS) this.problems.push(message);
  }
}

function preview(line) {
  const text = line.subarray(0, 120).toString('utf8');
  return JSON.stringify(line.length > 120 ? `${text}...` : text);
}
