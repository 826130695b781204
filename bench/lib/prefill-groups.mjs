import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeRunLog } from './gen-runs.mjs';

/** A store the size the serve issue states: >= 10,000 groups, 1,000,000 occurrences. */
export const PREFILL_RUNS = 1000;
export const PREFILL_PER_RUN = 1000;
export const PREFILL_MIN_GROUPS = 10_000;
/** Distinct logs triaged; run i records log i % LOGS. Each log has its own families. */
const LOGS = 40;
/** Renamed copies of the templates per log: 40 x 10 families x ~27 groups each. */
const FAMILIES_PER_LOG = 10;
/** Reports of a log beyond PER_RUN are cut: each log shows every variant about twice. */
const SEED = 0x9f11;

/** A frame line: its `#N ` (and `0x... in `) prefix, then the function's first character. */
const FRAME = /^(\s+#\d+ (?:0x[0-9a-f]+ in )?)(\S)/gm;

/**
 * The templates as family `family` sees them: every frame's function renamed `fF_name`, so
 * each family's reports triage into groups of their own (new signatures, same shapes, same
 * kinds and titles' words). Only the tail (frames) changes; the headline keeps its pid slot.
 */
export function familyTemplates(templates, family) {
  return templates.map((t) => ({
    ...t,
    tail: t.tail.replace(FRAME, (_, prefix, first) => `${prefix}f${family}_${first}`),
  }));
}

/** Hash of what the prefill is made from, for a cache key: the generator's text and inputs. */
export function prefillKey(templatesHash, generatorText) {
  return createHash('sha256')
    .update(templatesHash)
    .update('\0')
    .update(generatorText)
    .update(`\0${PREFILL_RUNS}/${PREFILL_PER_RUN}/${LOGS}/${FAMILIES_PER_LOG}/${SEED}`)
    .digest('hex')
    .slice(0, 16);
}

/**
 * LOGS logs of PER_RUN reports, log i made of families i*F .. i*F+F-1 (every template of each),
 * each parsed and triaged once by the library. Resolves the triage results and the number of
 * distinct signatures over all of them.
 */
export async function prefillResults(lib, templates, dir) {
  const results = [];
  const signatures = new Set();
  for (let i = 0; i < LOGS; i++) {
    const variants = [];
    for (let f = 0; f < FAMILIES_PER_LOG; f++)
      variants.push(...familyTemplates(templates, i * FAMILIES_PER_LOG + f));
    const log = join(dir, `prefill-${i}.log`);
    await writeRunLog(log, {
      templates: variants,
      mix: variants.map((_, v) => v),
      reports: PREFILL_PER_RUN,
      seed: SEED + i,
    });
    const triage = new lib.Triage();
    for await (const record of lib.parseInputs([log])) {
      if (record instanceof Error) throw record;
      triage.add(record);
    }
    await rm(log);
    const result = triage.finish();
    for (const { group } of result.groups) signatures.add(group.signature.text);
    results.push(result);
  }
  return { results, groups: signatures.size };
}

/**
 * Records PREFILL_RUNS runs a minute apart (ending a day ago, so the bench's own ingest is the
 * newest), one input each, through the library's Store. Resolves the seconds it took.
 */
export async function prefillStore(lib, db, results) {
  let now = Date.now() - 86_400_000 - PREFILL_RUNS * 60_000;
  const store = await lib.openStore({ db, create: true, clock: () => new Date(now) });
  const started = process.hrtime.bigint();
  try {
    for (let i = 0; i < PREFILL_RUNS; i++) {
      now += 60_000;
      const name = `prefill-${i}`;
      const run = await store.openRun({
        name,
        commit: null,
        branch: i % 10 === 0 ? 'main' : 'pr',
        job: null,
        meta: {},
      });
      const sha256 = createHash('sha256').update(name).digest('hex');
      await store.recordInput(
        run,
        { sha256, name: `${name}.log`, bytes: 0 },
        results[i % results.length],
      );
    }
  } finally {
    await store.close();
  }
  return Number(process.hrtime.bigint() - started) / 1e9;
}
