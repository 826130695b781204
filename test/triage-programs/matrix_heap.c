// Triage matrix: races on a heap struct field, a use-after-free, an atomic flag read plainly
// and a stack variable, each reached by two call paths.
//
//   matrix_heap <scenario> <a|b>
//
//   account  post_balance ↔ audit_balance on the heap block `account` (field `balance`).
//   buffer   release_buffer (free) ↔ touch_buffer: heap-use-after-free. Path a frees in the
//            thread and touches in main; path b the other way round.
//   flag     raise_flag (atomic store) ↔ poll_flag (plain read) on `ready`.
//   progress bump_progress ↔ read_progress on a local of run_progress (stack of main thread).
//
// Path `a` calls the racy functions directly; path `b` goes through another function on both
// sides and swaps which access comes first. The accesses are ordered with relaxed atomics,
// which give TSan no happens-before edge (a use-after-free is reported whatever the order).
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
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

static void *second_in_thread(void *arg) {
  action_fn second = *(action_fn *)arg;
  wait_step(1);
  return (void *)second();
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

/* Runs `first` in this thread, then `second` in a new one. */
NOINLINE static long race_reversed(action_fn first, action_fn second) {
  pthread_t t;
  pthread_create(&t, NULL, second_in_thread, &second);
  long r = first();
  signal_step(1);
  void *ret;
  pthread_join(t, &ret);
  return r + (long)ret;
}

// ---- account: a field of a heap struct ----------------------------------------------------

struct account {
  long id;
  char owner[56];
  long balance;
};

static struct account *account;

NOINLINE static long post_balance(void) {
  account->balance = 500;
  return 0;
}

NOINLINE static long audit_balance(void) {
  return account->balance;
}

NOINLINE static long close_day(void) {
  return post_balance() + 1;
}

NOINLINE static long monthly_report(void) {
  return audit_balance() / 2 + 3;
}

// ---- buffer: use after free ----------------------------------------------------------------

static int *buffer;

NOINLINE static long release_buffer(void) {
  free(buffer);
  return 0;
}

NOINLINE static long touch_buffer(void) {
  buffer[3] = 7;
  return 1;
}

NOINLINE static long drop_cache(void) {
  return release_buffer() + 4;
}

NOINLINE static long refresh_cache(void) {
  return touch_buffer() + 6;
}

// ---- flag: atomic store vs plain read ------------------------------------------------------

_Alignas(64) int ready;

NOINLINE static long raise_flag(void) {
  __atomic_store_n(&ready, 1, __ATOMIC_RELAXED);
  return 0;
}

NOINLINE static long poll_flag(void) {
  return ready;
}

NOINLINE static long go_live(void) {
  return raise_flag() + 8;
}

NOINLINE static long check_live(void) {
  return poll_flag() * 3;
}

// ---- progress: a variable on main's stack --------------------------------------------------

static long *progress_slot;

NOINLINE static long bump_progress(void) {
  *progress_slot = 50;
  return 0;
}

NOINLINE static long read_progress(void) {
  return *progress_slot;
}

NOINLINE static long advance(void) {
  return bump_progress() + 9;
}

NOINLINE static long show_progress(void) {
  return read_progress() - 1;
}

NOINLINE static long run_progress(int b) {
  long progress = 0;
  progress_slot = &progress;
  long r = b ? race(show_progress, advance) : race(bump_progress, read_progress);
  return r + progress;
}

// ---------------------------------------------------------------------------------------------

int main(int argc, char **argv) {
  if (argc != 3 || (strcmp(argv[2], "a") != 0 && strcmp(argv[2], "b") != 0)) {
    fprintf(stderr, "usage: %s <account|buffer|flag|progress> <a|b>\n", argv[0]);
    return 2;
  }
  const char *scenario = argv[1];
  int b = argv[2][0] == 'b';
  account = calloc(1, sizeof *account);
  buffer = malloc(16 * sizeof *buffer);
  long r;
  if (strcmp(scenario, "account") == 0)
    r = b ? race(monthly_report, close_day) : race(post_balance, audit_balance);
  else if (strcmp(scenario, "buffer") == 0)
    r = b ? race_reversed(drop_cache, refresh_cache) : race(release_buffer, touch_buffer);
  else if (strcmp(scenario, "flag") == 0)
    r = b ? race(check_live, go_live) : race(raise_flag, poll_flag);
  else if (strcmp(scenario, "progress") == 0) r = run_progress(b);
  else {
    fprintf(stderr, "unknown scenario %s\n", scenario);
    return 2;
  }
  printf("%s/%s: %ld\n", scenario, argv[2], r);
  if (strcmp(scenario, "buffer") != 0) free(buffer);
  free(account);
  return 0;
}
