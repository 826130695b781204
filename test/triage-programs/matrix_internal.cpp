// Triage matrix: races in C++ code with internal linkage, which is how most C++ helpers are
// written: free functions and classes in an anonymous namespace, and a lambda body.
//
//   matrix_internal <scenario> <a|b>
//
//   free     (anonymous namespace)::append_entry ↔ (anonymous namespace)::count_entries on
//            `(anonymous namespace)::journal_len`.
//   journal  (anonymous namespace)::Journal::append ↔ Journal::size on a heap Journal.
//   ledger   (anonymous namespace)::Ledger::append ↔ Ledger::size on a heap Ledger: a different
//            defect from `journal`, with methods of the same names.
//   lambda   the body of a lambda in bump_with_lambda ↔ read_bumps on `bumps`.
//   drain    the body of a lambda in drain_with_lambda ↔ read_bumps on `bumps`: another
//            lambda, in another function, with the same partner on the same global.
//
// Path `a` calls the racy functions directly; path `b` goes through another function on both
// sides and swaps which access comes first. The accesses are ordered with relaxed atomics,
// which give TSan no happens-before edge: each run reports its race exactly once.
#include <pthread.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

#define NOINLINE __attribute__((noinline))

/* The racy functions themselves. noinline is not enough with gcc -O2: IPA-SRA turns a method
   that only reads through `this` into a clone taking the value, and the read moves into the
   caller (no frame of `size` is left). noipa (gcc only) forbids that. */
#if defined(__clang__)
#define KEEP_FRAME __attribute__((noinline))
#else
#define KEEP_FRAME __attribute__((noinline, noipa))
#endif

namespace {

int step;

void signal_step(int n) {
  __atomic_store_n(&step, n, __ATOMIC_RELAXED);
}

void wait_step(int n) {
  while (__atomic_load_n(&step, __ATOMIC_RELAXED) < n) usleep(500);
}

using action_fn = long (*)();

void *first_in_thread(void *arg) {
  action_fn first = *static_cast<action_fn *>(arg);
  long r = first();
  signal_step(1);
  return reinterpret_cast<void *>(r);
}

/* Runs `first` in a new thread, then `second` in this one, with no synchronisation between. */
NOINLINE long race(action_fn first, action_fn second) {
  pthread_t t;
  pthread_create(&t, nullptr, first_in_thread, &first);
  wait_step(1);
  long r = second();
  void *ret;
  pthread_join(t, &ret);
  return r + reinterpret_cast<long>(ret);
}

// ---- free: functions in an anonymous namespace ---------------------------------------------

alignas(64) long journal_len;

KEEP_FRAME long append_entry() {
  journal_len += 2;
  return 0;
}

KEEP_FRAME long count_entries() {
  return journal_len;
}

NOINLINE long rotate_journal() {
  return append_entry() + 11;
}

NOINLINE long journal_stats() {
  return count_entries() * 5;
}

// ---- journal and ledger: two classes whose methods have the same names ---------------------

class Journal {
 public:
  KEEP_FRAME void append(long v) {
    last_ = v;
  }

  KEEP_FRAME long size() const {
    return last_;
  }

 private:
  long header_[7] = {};
  long last_ = 0;
};

class Ledger {
 public:
  KEEP_FRAME void append(long v) {
    total_ = v * 3;
  }

  KEEP_FRAME long size() const {
    return total_ + 1;
  }

 private:
  long header_[15] = {};
  long total_ = 0;
};

Journal *journal;
Ledger *ledger;

NOINLINE long journal_append() {
  journal->append(4);
  return 0;
}

NOINLINE long journal_size() {
  return journal->size();
}

NOINLINE long journal_flush() {
  return journal_append() + 12;
}

NOINLINE long journal_report() {
  return journal_size() + 13;
}

NOINLINE long ledger_append() {
  ledger->append(6);
  return 0;
}

NOINLINE long ledger_size() {
  return ledger->size();
}

NOINLINE long ledger_close() {
  return ledger_append() + 14;
}

NOINLINE long ledger_report() {
  return ledger_size() + 15;
}

}  // namespace

// ---- lambda: the race is in a lambda's body ------------------------------------------------

alignas(64) long bumps;

KEEP_FRAME long read_bumps() {
  return bumps;
}

NOINLINE long audit_bumps() {
  return read_bumps() + 16;
}

NOINLINE long bump_with_lambda() {
  auto bump = [](long by) KEEP_FRAME {
    bumps += by;
    return by;
  };
  return bump(2) + 1;
}

NOINLINE long bump_twice() {
  return bump_with_lambda() + 17;
}

NOINLINE long drain_with_lambda() {
  auto drain = []() KEEP_FRAME {
    long was = bumps;
    bumps = 0;
    return was;
  };
  return drain() + 18;
}

NOINLINE long drain_all() {
  return drain_with_lambda() + 19;
}

int main(int argc, char **argv) {
  if (argc != 3 || (std::strcmp(argv[2], "a") != 0 && std::strcmp(argv[2], "b") != 0)) {
    std::fprintf(stderr, "usage: %s <free|journal|ledger|lambda|drain> <a|b>\n", argv[0]);
    return 2;
  }
  const char *scenario = argv[1];
  bool b = argv[2][0] == 'b';
  journal = new Journal();
  ledger = new Ledger();
  long r;
  if (std::strcmp(scenario, "free") == 0)
    r = b ? race(journal_stats, rotate_journal) : race(append_entry, count_entries);
  else if (std::strcmp(scenario, "journal") == 0)
    r = b ? race(journal_report, journal_flush) : race(journal_append, journal_size);
  else if (std::strcmp(scenario, "ledger") == 0)
    r = b ? race(ledger_report, ledger_close) : race(ledger_append, ledger_size);
  else if (std::strcmp(scenario, "lambda") == 0)
    r = b ? race(audit_bumps, bump_twice) : race(bump_with_lambda, read_bumps);
  else if (std::strcmp(scenario, "drain") == 0)
    r = b ? race(audit_bumps, drain_all) : race(drain_with_lambda, read_bumps);
  else {
    std::fprintf(stderr, "unknown scenario %s\n", scenario);
    return 2;
  }
  std::printf("%s/%s: %ld\n", scenario, argv[2], r);
  delete ledger;
  delete journal;
  return 0;
}
