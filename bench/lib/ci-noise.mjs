/**
 * The ordinary output of a CI job (CMake/Ninja and Make builds, compiler warnings, googletest,
 * ctest and pytest runs, apt, GitHub Actions groups), one line at a time, from a seeded PRNG.
 * Lines are ASCII (apart from ANSI colour codes) so that `.length` is their byte count.
 */

const WORDS = [
  'thread_pool',
  'event_loop',
  'buffer',
  'cache',
  'channel',
  'codec',
  'compaction',
  'config',
  'connection',
  'dispatcher',
  'hash_map',
  'index',
  'journal',
  'lease',
  'logger',
  'memtable',
  'metrics',
  'mutex',
  'parser',
  'queue',
  'raft',
  'reactor',
  'ring_buffer',
  'scheduler',
  'snapshot',
  'socket',
  'string_util',
  'table',
  'timer',
  'wal',
  'worker',
  'allocator',
  'arena',
  'batch',
  'bloom_filter',
  'checksum',
  'clock',
  'compressor',
  'cursor',
  'epoch',
  'fiber',
  'future',
  'gossip',
  'histogram',
  'iterator',
  'latch',
  'manifest',
  'merge',
  'pipeline',
  'promise',
  'rate_limiter',
  'replica',
  'router',
  'segment',
  'shard',
  'slab',
  'spinlock',
  'stream',
  'tablet',
  'tracer',
  'txn',
  'version_set',
  'watchdog',
];
const DIRS = [
  'src/core',
  'src/net',
  'src/storage',
  'src/util',
  'src/rpc',
  'src/sched',
  'src/db',
  'src/cluster',
  'third_party/abseil-cpp/absl/strings',
  'third_party/abseil-cpp/absl/synchronization',
  'tests/unit',
  'tests/integration',
  'tools/bench',
];
const VERBS = [
  'picked',
  'flushed',
  'scheduled',
  'acquired',
  'released',
  'rotated',
  'compacted',
  'merged',
  'dropped',
  'retried',
  'committed',
  'replayed',
  'evicted',
  'resized',
  'opened',
  'closed',
];
const NOUNS = [
  'task',
  'segment',
  'batch',
  'lease',
  'snapshot',
  'connection',
  'request',
  'block',
  'page',
  'entry',
  'record',
  'range',
  'peer',
  'slot',
  'ticket',
  'stream',
];
const WARNINGS = [
  ["unused variable 'tmp'", '-Wunused-variable', 'int tmp = compute(x);', 8, 3],
  [
    "comparison of integers of different signs: 'int' and 'size_t'",
    '-Wsign-compare',
    'for (int i = 0; i < items.size(); ++i) {',
    22,
    12,
  ],
  [
    "unused parameter 'ctx'",
    '-Wunused-parameter',
    'void OnEvent(Context* ctx, const Event& ev) {',
    23,
    3,
  ],
  [
    "'Status' is deprecated: use absl::Status",
    '-Wdeprecated-declarations',
    'Status s = legacy::Open(path, &handle);',
    4,
    6,
  ],
  [
    'implicit conversion loses integer precision',
    '-Wshorten-64-to-32',
    'uint32_t n = buffer.size();',
    17,
    13,
  ],
];
const PY_PARAMS = [
  '',
  '[1]',
  '[2]',
  '[16]',
  '[empty]',
  '[unicode]',
  '[large-batch]',
  '[tcp-ipv6]',
  '[codec-zstd]',
];
const PACKAGES = [
  'libssl3t64',
  'libstdc++-14-dev',
  'clang-19',
  'llvm-19-runtime',
  'libgtest-dev',
  'cmake-data',
  'ninja-build',
  'python3-pytest',
  'libzstd-dev',
  'liburing2',
];

const REPO = '/home/runner/work/racy/racy';

function camel(word) {
  let out = '';
  for (const part of word.split('_')) out += part[0].toUpperCase() + part.slice(1);
  return out;
}

export function createCiNoise(rng) {
  const word = () => rng.pick(WORDS);
  const pad = (n, width) => String(n).padStart(width, ' ');

  const sourceFile = () => `${rng.pick(DIRS)}/${word()}${rng.chance(0.3) ? `_${word()}` : ''}.cc`;

  const compileCommand = (file) => {
    const obj = `${file.slice(0, file.lastIndexOf('/'))}/CMakeFiles/${word()}.dir/${file.slice(file.lastIndexOf('/') + 1)}.o`;
    return `/usr/bin/clang++-19 -DNDEBUG -DRACY_WITH_TSAN=1 -I${REPO}/include -I${REPO}/build/gen -isystem ${REPO}/third_party/abseil-cpp -O1 -g -fsanitize=thread -fno-omit-frame-pointer -std=c++20 -Wall -Wextra -Werror=return-type -MD -MT ${obj} -MF ${obj}.d -o ${obj} -c ${REPO}/${file}`;
  };

  const glog = (pid) => {
    const level = rng.chance(0.85) ? 'I' : rng.chance(0.7) ? 'W' : 'E';
    const us = String(rng.int(0, 999999)).padStart(6, '0');
    const min = String(rng.int(0, 59)).padStart(2, '0');
    const sec = String(rng.int(0, 59)).padStart(2, '0');
    let text = `${level}1129 07:${min}:${sec}.${us} ${pad(pid + rng.int(0, 40), 7)} ${word()}.cc:${rng.int(20, 1900)}] ${word()} ${rng.int(0, 63)} ${rng.pick(VERBS)} ${rng.pick(NOUNS)} ${rng.int(1, 99999)}`;
    const extras = rng.int(0, 5);
    for (let i = 0; i < extras; i++) {
      text += ` ${rng.pick(NOUNS)}_${rng.pick(['count', 'bytes', 'depth', 'id', 'epoch'])}=${rng.int(0, 1 << 20)}`;
    }
    if (rng.chance(0.2))
      text += ` (latency ${rng.int(0, 99)}.${rng.int(10, 99)} ms, p99 ${rng.int(100, 999)}.${rng.int(10, 99)} ms)`;
    return text;
  };

  return {
    word,
    camel,

    /** Lines of a `##[group]Run ...` header, as GitHub Actions prints a step. */
    stepHeader(command) {
      return [
        `##[group]Run ${command}`,
        command,
        'shell: /usr/bin/bash -e {0}',
        'env:',
        '  CC: clang-19',
        '  CXX: clang++-19',
        `  TSAN_OPTIONS: halt_on_error=0 second_deadlock_stack=1 history_size=${rng.int(2, 7)}`,
        '##[endgroup]',
      ];
    },

    aptLine(i) {
      const pkg = rng.pick(PACKAGES);
      return `Get:${i} http://azure.archive.ubuntu.com/ubuntu noble-updates/main amd64 ${pkg} amd64 ${rng.int(1, 19)}.${rng.int(0, 9)}.${rng.int(0, 30)}-${rng.int(1, 9)}ubuntu${rng.int(1, 4)} [${rng.int(12, 99999)} kB]`;
    },

    /** One Ninja step; sometimes with the full command (verbose builds) or a compiler warning. */
    ninjaStep(i, n) {
      const file = sourceFile();
      const dir = file.slice(0, file.lastIndexOf('/'));
      const lines = [
        `[${i}/${n}] Building CXX object ${dir}/CMakeFiles/${word()}.dir/${file.slice(dir.length + 1)}.o`,
      ];
      if (rng.chance(0.15)) lines.push(compileCommand(file));
      if (rng.chance(0.04)) {
        const [message, flag, code, col, width] = rng.pick(WARNINGS);
        const line = rng.int(10, 2400);
        if (rng.chance(0.4))
          lines.push(`In file included from ${REPO}/${sourceFile()}:${rng.int(1, 40)}:`);
        lines.push(`${REPO}/${file}:${line}:${col}: warning: ${message} [${flag}]`);
        lines.push(`${pad(line, 5)} |     ${code}`);
        lines.push(`      | ${' '.repeat(col - 1)}^${'~'.repeat(width)}`);
        lines.push('1 warning generated.');
      }
      return lines;
    },

    ninjaLink(i, n, target) {
      return `[${i}/${n}] Linking CXX executable bin/${target}`;
    },

    makeLines(percent, target) {
      const file = sourceFile();
      const lines = [];
      if (rng.chance(0.1)) lines.push(`make[${rng.int(1, 3)}]: Entering directory '${REPO}/build'`);
      lines.push(
        `[${pad(percent, 3)}%] Building CXX object ${file.slice(0, file.lastIndexOf('/'))}/CMakeFiles/${target}.dir/${file.slice(file.lastIndexOf('/') + 1)}.o`,
      );
      if (rng.chance(0.05)) lines.push(`[${pad(percent, 3)}%] Built target ${target}`);
      if (rng.chance(0.1)) lines.push(`make[${rng.int(1, 3)}]: Leaving directory '${REPO}/build'`);
      return lines;
    },

    glog,

    /** A googletest assertion failure, as printed inside a test. */
    gtestFailure(file) {
      const value = rng.int(0, 100);
      return [
        `${REPO}/${file}:${rng.int(20, 900)}: Failure`,
        'Expected equality of these values:',
        `  ${rng.pick(NOUNS)}s_${rng.pick(VERBS)}`,
        `    Which is: ${value}`,
        `  ${value + 1}`,
      ];
    },

    pytestItem(percent) {
      const outcome = rng.chance(0.93) ? 'PASSED' : rng.chance(0.7) ? 'SKIPPED' : 'XFAIL';
      const name = `tests/python/test_${word()}.py::test_${word()}_${rng.pick(VERBS)}${rng.pick(PY_PARAMS)} ${outcome}`;
      return `${name.padEnd(74, ' ')} [${pad(percent, 3)}%]`;
    },

    ctestLine(i, n, name) {
      const label = `${pad(i, String(n).length)}/${n} Test ${pad(`#${i}`, 4)}: ${name} `;
      return `${label.padEnd(56, '.')}   Passed ${pad((rng.next() * 9).toFixed(2), 7)} sec`;
    },
  };
}

export { REPO };
