/**
 * `go test -json` wraps every line the test binary prints in an event:
 * `{"Time":"...","Action":"output","Package":"x","Test":"TestX","Output":"WARNING: DATA RACE\n"}`.
 * A race report inside such a stream is one report line per event, so the line is replaced by
 * its unescaped `Output` text (without the newline) and keeps its line number in the file.
 */
export function unwrapGoTestJson(text: string): string {
  // Cheap checks first: almost no line of a log is a test2json event.
  if (text.charCodeAt(0) !== 123 /* { */ || text.indexOf('"Output":') === -1) return text;
  let event: unknown;
  try {
    event = JSON.parse(text);
  } catch {
    return text; // a cut or foreign JSON line: leave it as it was
  }
  if (typeof event !== 'object' || event === null) return text;
  const output: unknown = (event as Record<string, unknown>).Output;
  if (typeof output !== 'string') return text;
  return output.endsWith('\n') ? output.slice(0, -1) : output;
}
