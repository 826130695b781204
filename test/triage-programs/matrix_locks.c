// Triage matrix: a lock-order inversion. lock_ledger_first takes ledger_lock then
// journal_lock; lock_journal_first takes them the other way round. The two never run at the
// same time (no real deadlock), but TSan's lock-order graph gets a cycle.
//
//   matrix_locks inversion <a|b>
//
// Path `a`: a thread runs lock_ledger_first, then main runs lock_journal_first. Path `b`: the
// thread goes through reconcile -> lock_journal_first first, then main through
// nightly_close -> lock_ledger_first (so the edges are found in the other order).
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define NOINLINE __attribute__((noinline))

static pthread_mutex_t ledger_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t journal_lock = PTHREAD_MUTEX_INITIALIZER;
static long entries;

NOINLINE static long lock_ledger_first(void) {
  pthread_mutex_lock(&ledger_lock);
  pthread_mutex_lock(&journal_lock);
  entries++;
  pthread_mutex_unlock(&journal_lock);
  pthread_mutex_unlock(&ledger_lock);
  return 1;
}

NOINLINE static long lock_journal_first(void) {
  pthread_mutex_lock(&journal_lock);
  pthread_mutex_lock(&ledger_lock);
  entries += 2;
  pthread_mutex_unlock(&ledger_lock);
  pthread_mutex_unlock(&journal_lock);
  return 2;
}

NOINLINE static long nightly_close(void) {
  return lock_ledger_first() + 10;
}

NOINLINE static long reconcile(void) {
  return lock_journal_first() + 20;
}

typedef long (*action_fn)(void);

static void *in_thread(void *arg) {
  action_fn fn = *(action_fn *)arg;
  return (void *)fn();
}

/* `first` in a thread, joined, then `second` in main. */
NOINLINE static long one_then_other(action_fn first, action_fn second) {
  pthread_t t;
  pthread_create(&t, NULL, in_thread, &first);
  void *ret;
  pthread_join(t, &ret);
  return (long)ret + second();
}

int main(int argc, char **argv) {
  if (argc != 3 || strcmp(argv[1], "inversion") != 0 ||
      (strcmp(argv[2], "a") != 0 && strcmp(argv[2], "b") != 0)) {
    fprintf(stderr, "usage: %s inversion <a|b>\n", argv[0]);
    return 2;
  }
  long r = argv[2][0] == 'b' ? one_then_other(reconcile, nightly_close)
                             : one_then_other(lock_ledger_first, lock_journal_first);
  printf("inversion/%s: %ld entries=%ld\n", argv[2], r, entries);
  return 0;
}
