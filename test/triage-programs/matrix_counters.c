// Triage matrix: four data races on globals, each reached by two call paths.
//
//   matrix_counters <scenario> <a|b>
//
//   hits         count_hit ↔ count_hit on `hits`. count_hit is `static inline` with no
//                noinline: at -O1/-O2 it exists only as an inlined frame.
//   tally-peek   tally_add ↔ tally_peek on `tally`.
//   tally-reset  tally_add ↔ tally_reset on `tally`: the same function as tally-peek with a
//                different partner, on the same global. It must get its own signature.
//   seq          next_id ↔ next_id on the static local `seq` (gcc calls it `seq.0`, clang
//                `next_id.seq`).
//
// Path `a` calls the racy functions directly; path `b` goes through another function on both
// sides and swaps which access comes first (so TSan prints the other one as `Previous`).
// The accesses are ordered with relaxed atomics, which give TSan no happens-before edge: each
// run reports its race exactly once, whatever the scheduling.
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define NOINLINE __attribute__((noinline))

static int step;

static void signal_step(int n) {
  __atomic_store_n(&step, n, __ATOMIC_RELAXED);
}

static void wait_step(int n) {
  while (__atomic_load_n(&step, __ATOMIC_RELAXED) < n) usleep(500);
}

typedef long (*action_fn)(void);

static void *first_in_thread(void *arg) {
  action_fn first = *(action_fn *)arg;
  long r = first();
  signal_step(1);
  return (void *)r;
}

/* Runs `first` in a new thread, then `second` in this one, with no synchronisation between. */
NOINLINE static long race(action_fn first, action_fn second) {
  pthread_t t;
  pthread_create(&t, NULL, first_in_thread, &first);
  wait_step(1);
  long r = second();
  void *ret;
  pthread_join(t, &ret);
  return r + (long)ret;
}

// ---- hits: inlined on both sides ----------------------------------------------------------

_Alignas(64) long hits;

static inline void count_hit(void) {
  hits++;
}

NOINLINE static long tap(void) {
  count_hit();
  return 1;
}

NOINLINE static long relay_hit(void) {
  count_hit();
  return 2;
}

// ---- tally: one function, two partners ----------------------------------------------------

_Alignas(64) long tally;

NOINLINE static long tally_add(void) {
  tally += 3;
  return 0;
}

NOINLINE static long tally_peek(void) {
  return tally;
}

NOINLINE static long tally_reset(void) {
  tally = 0;
  return 5;
}

NOINLINE static long batch_add(void) {
  return tally_add() + 1;
}

NOINLINE static long report_tally(void) {
  return tally_peek() * 2;
}

NOINLINE static long start_over(void) {
  return tally_reset() + 7;
}

// ---- seq: a static local -------------------------------------------------------------------

NOINLINE static long next_id(void) {
  static long seq;
  return ++seq;
}

NOINLINE static long fresh_ticket(void) {
  return next_id() + 100;
}

// ---------------------------------------------------------------------------------------------

int main(int argc, char **argv) {
  if (argc != 3 || (strcmp(argv[2], "a") != 0 && strcmp(argv[2], "b") != 0)) {
    fprintf(stderr, "usage: %s <hits|tally-peek|tally-reset|seq> <a|b>\n", argv[0]);
    return 2;
  }
  const char *scenario = argv[1];
  int b = argv[2][0] == 'b';
  long r;
  if (strcmp(scenario, "hits") == 0) r = b ? race(relay_hit, relay_hit) : race(tap, tap);
  else if (strcmp(scenario, "tally-peek") == 0)
    r = b ? race(report_tally, batch_add) : race(tally_add, tally_peek);
  else if (strcmp(scenario, "tally-reset") == 0)
    r = b ? race(start_over, batch_add) : race(tally_add, tally_reset);
  else if (strcmp(scenario, "seq") == 0)
    r = b ? race(fresh_ticket, fresh_ticket) : race(next_id, next_id);
  else {
    fprintf(stderr, "unknown scenario %s\n", scenario);
    return 2;
  }
  printf("%s/%s: %ld\n", scenario, argv[2], r);
  return 0;
}
