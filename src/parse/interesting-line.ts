/**
 * What can start something while no report, fragment or block is open: a pattern found
 * somewhere in every line the classifier gives a meaning there. Between reports the line
 * splitter searches each chunk for it and counts the lines before a match without reading
 * them; most of a CI log is ordinary output, so this search is the parser's cost on CI logs.
 *
 * Why it is written this way (measured on the bench's CI-like log, V8 12):
 * - Only plain words and `\d` after a word: each branch then starts with literal text, which
 *   lets V8 skip ahead. Character classes at a branch's start (`\S\(\)`, `:\d+ \+0x`) made
 *   every position a candidate and the old 29-branch pattern ran at ~90 MB/s; this one at
 *   ~450 MB/s.
 * - Branches that share a head are merged (`Thread` for `ThreadSanitizer` and `Thread T1`).
 * - Each word is the shortest part of its construct that ordinary output rarely holds
 *   (`of size ` covers `Write of size`, `atomic read of size`, `Heap block of size`).
 * - No Go frame lines (`main.f()`, `/a/b.go:12 +0x3b`): outside an open Go report they are
 *   program output (StreamAssembler.push), and they match a lot of ordinary output.
 * A test checks that every meaningful line of every fixture matches (interesting-line.test.ts).
 */
export const INTERESTING_LINE =
  /T(?:hread(?:Sanitizer| T\d)|SAN_OPTIONS)|==================|#\d|of size |access of |Location is |Mutex M\d|Cycle in lock|As if synchronized|and:|\[failed to restore|handler invoked at:|more similar thread leak|DATA RACE|oroutine|data race\(|Global var | at 0x/g;
