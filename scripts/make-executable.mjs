// tsc writes files without the executable bit; `npx racelens` runs the bin file directly.
import { chmodSync } from 'node:fs';

chmodSync(new URL('../dist/cli/main.js', import.meta.url), 0o755);
