import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

const SEPARATOR = '==================';
const HEADLINE = 'WARNING: ThreadSanitizer:';
const PID = /\(pid=\d+\)/;

/**
 * The whole TSan reports found in the fixtures, as templates whose pid can be varied:
 * complete, non-truncated `tsan-llvm`/`tsan-gcc` corpus logs (per the manifest), the example
 * programs' outputs (`examples/out/*.txt`) and `examples/*.log` when present.
 *
 * Each template: `{ source, lines }`, where `lines[1]` is the headline split as
 * `headBefore` + pid + `headAfter`. `hash` covers every template, for cache keys.
 */
export async function loadReportTemplates(root) {
  const files = await fixtureFiles(root);
  const templates = [];
  for (const file of files) {
    const text = (await readFile(file, 'utf8')).replace(/\r\n?/g, '\n');
    for (const lines of extractReports(text)) {
      templates.push(makeTemplate(relative(root, file), lines));
    }
  }
  if (templates.length === 0) throw new Error('no whole TSan reports found in the fixtures');
  const hash = createHash('sha256');
  for (const t of templates) hash.update(t.source).update('\0').update(t.lines.join('\n'));
  return { templates, hash: hash.digest('hex') };
}

async function fixtureFiles(root) {
  const corpus = join(root, 'test/fixtures/corpus');
  const files = [];
  const manifest = await readFile(join(corpus, 'manifest.jsonl'), 'utf8');
  for (const line of manifest.split('\n')) {
    if (line.trim() === '') continue;
    const entry = JSON.parse(line);
    if ((entry.tool === 'tsan-llvm' || entry.tool === 'tsan-gcc') && entry.truncated !== true) {
      files.push(join(corpus, entry.file));
    }
  }
  files.push(...(await listFiles(join(corpus, 'examples/out'), '.txt')));
  files.push(...(await listFiles(join(root, 'examples'), '.log')));
  return files;
}

async function listFiles(dir, suffix) {
  const names = await readdir(dir).catch(() => []);
  return names
    .filter((name) => name.endsWith(suffix))
    .sort()
    .map((name) => join(dir, name));
}

/** Yields each report as its lines, from the opening separator to the closing one. */
export function* extractReports(text) {
  const lines = text.split('\n');
  let i = 0;
  while (i < lines.length - 1) {
    if (lines[i] === SEPARATOR && lines[i + 1].startsWith(HEADLINE) && PID.test(lines[i + 1])) {
      let end = i + 2;
      while (end < lines.length && lines[end] !== SEPARATOR && !lines[end].startsWith(HEADLINE)) {
        end++;
      }
      if (end < lines.length && lines[end] === SEPARATOR) {
        yield lines.slice(i, end + 1);
        i = end + 1;
        continue;
      }
      i = end;
      continue;
    }
    i++;
  }
}

function makeTemplate(source, lines) {
  const headline = lines[1];
  const match = PID.exec(headline);
  const headBefore = `${headline.slice(0, match.index)}(pid=`;
  const headAfter = headline.slice(match.index + match[0].length - 1);
  const rest = lines.slice(2).join('\n');
  return {
    source,
    lines,
    headBefore,
    headAfter,
    /** The whole report with the pid left out: `${SEPARATOR}\n${headBefore}` pid `${tail}`. */
    tail: `${headAfter}\n${rest}\n`,
    headBytes: Buffer.byteLength(`${SEPARATOR}\n${headBefore}`),
    tailBytes: Buffer.byteLength(`${headAfter}\n${rest}\n`),
    lineBytes: lines.map((line) => Buffer.byteLength(line)),
  };
}

export { SEPARATOR };
