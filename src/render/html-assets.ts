import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

let chartJs: string | null = null;

/**
 * Chart.js's UMD build, to inline in the page (the report must open with no network). Read once
 * per process from the installed package: its `exports` map hides `dist/`, so the file is found
 * next to the package's CommonJS entry. The source-map comment is dropped: devtools would try
 * to fetch the map.
 */
export function chartJsSource(): string {
  if (chartJs === null) {
    const entry = createRequire(import.meta.url).resolve('chart.js');
    const text = readFileSync(join(dirname(entry), 'chart.umd.min.js'), 'utf8');
    chartJs = inlineScript(text.replace(/\n\/\/# sourceMappingURL=\S*\s*$/, '\n'));
  }
  return chartJs;
}

/**
 * Script text checked to be safe between `<script>` and `</script>`: the HTML parser ends the
 * element at the first `</script` and enters an escaped state at `<!--`, whatever the script
 * means by them. Only code we ship is inlined, so finding them is a bug to fail on, not to patch.
 */
export function inlineScript(code: string): string {
  if (/<\/script|<!--/i.test(code)) throw new Error('inline script contains </script or <!--');
  return code;
}

/** A CSP source for an inline script or style: `'sha256-…'` of its exact text. */
export function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}
