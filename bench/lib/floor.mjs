// The floor racelens's parser is measured against: the fastest plain Node pass over a log that
// still reads it as lines. It streams the file, decodes UTF-8, splits lines and runs one TSan
// frame regex per line, nothing else. Prints `{ lines, frames }` as one JSON line.
// Usage: node floor.mjs <file>
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

// TSan's frame template `    #%n %f %S %M`, as a single anchored regex.
const FRAME = /^\s*#(\d+) (.*) \((\S+)\+0x[0-9a-f]+\)$/;

const decoder = new StringDecoder('utf8');
let pending = '';
let lines = 0;
let frames = 0;

function line(text) {
  lines++;
  if (FRAME.test(text)) frames++;
}

for await (const chunk of createReadStream(process.argv[2], { highWaterMark: 1 << 16 })) {
  const text = pending + decoder.write(chunk);
  let start = 0;
  let newline = text.indexOf('\n');
  while (newline !== -1) {
    line(text.slice(start, newline));
    start = newline + 1;
    newline = text.indexOf('\n', start);
  }
  pending = text.slice(start);
}
pending += decoder.end();
if (pending.length > 0) line(pending);
process.stdout.write(`${JSON.stringify({ lines, frames })}\n`);
