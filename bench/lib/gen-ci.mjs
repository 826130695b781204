import { createCiNoise, REPO } from './ci-noise.mjs';
import { createGhaClock, STAMP_BYTES, STAMP_PLACEHOLDER } from './gha-clock.mjs';
import { createRng } from './prng.mjs';

const ANSI_GREEN = '\x1b[0;32m';
const ANSI_RED = '\x1b[0;31m';
const ANSI_RESET = '\x1b[m';
const PID_DIGITS = 7;
const PID_PLACEHOLDER = '0'.repeat(PID_DIGITS);
/** Share of the bytes of a reporting test binary's output that its reports take. */
const REPORTING_BINARY_SHARE = 0.3;

/**
 * A GitHub Actions job log: every line prefixed with an increasing timestamp; repeated jobs of
 * apt, CMake/Ninja or Make builds, googletest binaries (each one process) and pytest.
 *
 * Generating every line afresh runs at ~20 MB/s, so the log is assembled from a few hundred
 * pre-rendered steps ("segments"), each copied with fresh timestamps on every line and a fresh
 * pid in its reports' headlines. TSan reports are printed inside googletest tests: a test
 * binary's step is taken from the reporting variants whenever reports are below
 * `reportShare` of the bytes so far; a binary that reported prints `ThreadSanitizer: reported
 * N warnings` at exit. Yields Buffers; `stats.reports` counts the reports written.
 */
export function* ciLog({ templates, targetBytes, seed, stats, reportShare = 0.05 }) {
  const rng = createRng(seed);
  const clock = createGhaClock(rng);
  const kit = renderSegments(createCiNoise(rng), rng, templates);
  let bytes = 0;
  let reportBytes = 0;
  let pid = 1_000_000 + rng.int(0, 100_000);

  function* emit(segment) {
    const out = Buffer.allocUnsafe(segment.buf.length);
    segment.buf.copy(out);
    const { lineStarts, reportLine } = segment;
    for (let i = 0; i < lineStarts.length; i++) {
      // Report lines come out in a burst; other lines spread out.
      clock.stamp(out, lineStarts[i], reportLine[i] === 1 ? 30 : 2000);
    }
    if (segment.pidOffsets.length > 0) {
      pid = pid >= 4_000_000 ? 1_000_000 : pid + rng.int(1, 900);
      const pidText = String(pid);
      for (const offset of segment.pidOffsets) out.latin1Write(pidText, offset);
    }
    bytes += out.length;
    reportBytes += segment.reportBytes;
    stats.reports += segment.reports;
    yield out;
  }

  while (bytes < targetBytes) {
    if (rng.chance(0.3)) yield* emit(rng.pick(kit.apt));
    yield* emit(rng.pick(kit.build));
    const binaries = rng.int(1, 6);
    for (let b = 0; b < binaries && bytes < targetBytes; b++) {
      yield* emit(
        rng.pick(reportBytes < reportShare * bytes ? kit.gtestReporting : kit.gtestQuiet),
      );
    }
    if (bytes < targetBytes && rng.chance(0.5)) yield* emit(rng.pick(kit.ctest));
    if (bytes < targetBytes && rng.chance(0.5)) yield* emit(rng.pick(kit.pytest));
  }
  stats.reportBytes = reportBytes;
}

/** Pre-renders the steps the log is made of. */
function renderSegments(noise, rng, templates) {
  const many = (n, make) => Array.from({ length: n }, () => make());
  return {
    apt: many(8, () => segment(apt(noise, rng))),
    build: many(16, () => segment(build(noise, rng))),
    gtestReporting: many(32, () => segment(gtestBinary(noise, rng, templates, true))),
    gtestQuiet: many(32, () => segment(gtestBinary(noise, rng, templates, false))),
    ctest: many(8, () => segment(ctest(noise, rng))),
    pytest: many(8, () => segment(pytest(noise, rng))),
  };
}

/**
 * Lines are strings, or `{ text, report: true, pidAt? }` for report lines (`pidAt`: the char
 * index of the pid placeholder in the headline). Returns the step's bytes, each line starting
 * with a timestamp placeholder, and where to stamp and patch them.
 */
function segment(lines) {
  const texts = [];
  const reportLine = new Uint8Array(lines.length);
  const pidLines = [];
  let reports = 0;
  let reportChars = 0;
  lines.forEach((line, i) => {
    if (typeof line === 'string') {
      texts.push(line);
      return;
    }
    texts.push(line.text);
    reportLine[i] = 1;
    reportChars += STAMP_BYTES + Buffer.byteLength(line.text) + 1;
    if (line.pidAt !== undefined) {
      pidLines.push([i, Buffer.byteLength(line.text.slice(0, line.pidAt))]);
      reports++;
    }
  });
  const buf = Buffer.from(`${STAMP_PLACEHOLDER}${texts.join(`\n${STAMP_PLACEHOLDER}`)}\n`, 'utf8');
  const lineStarts = new Int32Array(lines.length);
  for (let i = 1, at = buf.indexOf(10); i < lines.length; i++, at = buf.indexOf(10, at + 1)) {
    lineStarts[i] = at + 1;
  }
  const pidOffsets = pidLines.map(([i, byteIndex]) => lineStarts[i] + STAMP_BYTES + byteIndex);
  return { buf, lineStarts, reportLine, pidOffsets, reports, reportBytes: reportChars };
}

function stepHeader(noise, command) {
  return noise.stepHeader(command);
}

function apt(noise, rng) {
  const lines = stepHeader(noise, 'sudo apt-get install -y clang-19 ninja-build libgtest-dev');
  const n = rng.int(5, 40);
  for (let i = 1; i <= n; i++) lines.push(noise.aptLine(i));
  lines.push(`Fetched ${rng.int(1, 900)} MB in ${rng.int(1, 30)}s (${rng.int(5, 90)} MB/s)`);
  return lines;
}

function build(noise, rng) {
  const lines = stepHeader(noise, 'cmake --build build --parallel 4');
  if (rng.chance(0.5)) {
    const n = rng.int(80, 900);
    for (let i = 1; i <= n; i++) {
      if (rng.chance(0.03)) lines.push(noise.ninjaLink(i, n, `${noise.word()}_test`));
      else lines.push(...noise.ninjaStep(i, n));
    }
  } else {
    const n = rng.int(80, 600);
    const target = noise.word();
    for (let i = 1; i <= n; i++) lines.push(...noise.makeLines(Math.floor((i * 100) / n), target));
  }
  return lines;
}

function reportLines(rng, templates) {
  const t = rng.pick(templates);
  return t.lines.map((text, i) =>
    i === 1
      ? {
          text: `${t.headBefore}${PID_PLACEHOLDER}${t.headAfter}`,
          report: true,
          pidAt: t.headBefore.length,
        }
      : { text, report: true },
  );
}

function gtestBinary(noise, rng, templates, reporting) {
  const colour = rng.chance(0.3);
  const green = (text) => (colour ? `${ANSI_GREEN}${text}${ANSI_RESET}` : text);
  const suites = rng.int(2, 9);
  const glogPid = rng.int(1000, 90000);
  const binary = `${noise.word()}_test`;
  const lines = stepHeader(noise, `./build/bin/${binary} --gtest_brief=0`);
  let noiseChars = 0;
  let reportChars = 0;
  let reports = 0;
  let tests = 0;
  const push = (text) => {
    lines.push(text);
    noiseChars += text.length + STAMP_BYTES + 1;
  };
  push(`Running main() from ${REPO}/third_party/googletest/googletest/src/gtest_main.cc`);
  push(`${green('[==========]')} Running ${suites * 6} tests from ${suites} test suites.`);
  push(`${green('[----------]')} Global test environment set-up.`);
  for (let s = 0; s < suites; s++) {
    const suite = `${noise.camel(noise.word())}Test`;
    const count = rng.int(2, 14);
    push(`${green('[----------]')} ${count} tests from ${suite}`);
    for (let i = 0; i < count; i++) {
      const name = `${suite}.${noise.camel(noise.word())}${noise.camel(noise.word())}`;
      tests++;
      push(`${green('[ RUN      ]')} ${name}`);
      const logLines = rng.int(0, 14);
      for (let j = 0; j < logLines; j++) push(noise.glog(glogPid));
      // A report goes inside a test; at most two per test keeps them spread out.
      for (
        let k = 0;
        k < 2 && reporting && reportChars < REPORTING_BINARY_SHARE * noiseChars;
        k++
      ) {
        for (const line of reportLines(rng, templates)) {
          lines.push(line);
          reportChars += Buffer.byteLength(line.text) + STAMP_BYTES + 1;
        }
        reports++;
      }
      if (rng.chance(0.02)) {
        for (const text of noise.gtestFailure(`tests/unit/${noise.word()}_test.cc`)) push(text);
        const red = colour ? `${ANSI_RED}[  FAILED  ]${ANSI_RESET}` : '[  FAILED  ]';
        push(`${red} ${name} (${rng.int(0, 900)} ms)`);
      } else {
        push(`${green('[       OK ]')} ${name} (${rng.int(0, 900)} ms)`);
      }
    }
    push(`${green('[----------]')} ${count} tests from ${suite} (${rng.int(1, 9000)} ms total)`);
    push('');
  }
  push(`${green('[----------]')} Global test environment tear-down`);
  push(
    `${green('[==========]')} ${tests} tests from ${suites} test suites ran. (${rng.int(10, 90000)} ms total)`,
  );
  push(`${green('[  PASSED  ]')} ${tests} tests.`);
  if (reports > 0) {
    push(`ThreadSanitizer: reported ${reports} warnings`);
    push('##[error]Process completed with exit code 66.');
  }
  return lines;
}

function ctest(noise, rng) {
  const lines = stepHeader(noise, 'ctest --test-dir build --output-on-failure -j 4');
  lines.push(`Test project ${REPO}/build`);
  const n = rng.int(10, 80);
  for (let i = 1; i <= n; i++) {
    const name = `${noise.word()}_test`;
    lines.push(`      Start ${String(i).padStart(3, ' ')}: ${name}`);
    lines.push(noise.ctestLine(i, n, name));
  }
  lines.push('', `100% tests passed, 0 tests failed out of ${n}`, '');
  lines.push(`Total Test time (real) = ${(rng.next() * 300).toFixed(2)} sec`);
  return lines;
}

function pytest(noise, rng) {
  const lines = stepHeader(noise, 'python -m pytest -v tests/python');
  const n = rng.int(20, 400);
  lines.push(
    '============================= test session starts ==============================',
    'platform linux -- Python 3.12.7, pytest-8.3.3, pluggy-1.5.0 -- /usr/bin/python3',
    'cachedir: .pytest_cache',
    `rootdir: ${REPO}`,
    'configfile: pyproject.toml',
    `collecting ... collected ${n} items`,
    '',
  );
  for (let i = 1; i <= n; i++) lines.push(noise.pytestItem(Math.floor((i * 100) / n)));
  const summary = ` ${n} passed in ${(rng.next() * 90).toFixed(2)}s `;
  const side = Math.max(1, Math.floor((80 - summary.length) / 2));
  lines.push('', `${'='.repeat(side)}${summary}${'='.repeat(side)}`);
  return lines;
}
