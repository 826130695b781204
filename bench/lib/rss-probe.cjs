'use strict';
// Preloaded into a measured Node process (`node --require bench/lib/rss-probe.cjs ...`) when
// GNU time is not available: writes the process's peak RSS in KB (process.resourceUsage()
// .maxRSS) and its user and system CPU seconds, as GNU time's `%M %U %S` would, to the file
// named by RACELENS_BENCH_RSS_FILE when the process exits.
const { writeFileSync } = require('node:fs');

const file = process.env.RACELENS_BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    try {
      const usage = process.resourceUsage();
      const user = (usage.userCPUTime / 1e6).toFixed(2);
      const system = (usage.systemCPUTime / 1e6).toFixed(2);
      writeFileSync(file, `${usage.maxRSS} ${user} ${system}\n`);
    } catch {
      // Nothing to report to: the bench sees the missing figure.
    }
  });
}
