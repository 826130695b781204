// Triage matrix: the same pair of functions, publish ↔ observe, races on two different
// globals, `alpha` then `beta`. The two reports are two defects and need two signatures.
//
//   matrix_twin_globals twin <a|b>
//
// Path `a` calls publish and observe directly; path `b` goes through announce and inspect.
// The order is fixed with relaxed atomics (no happens-before for TSan): the race on `alpha`
// is always reported first. The globals sit in different cache lines so that TSan's shadow
// cells do not hide one race behind the other.
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define NOINLINE __attribute__((noinline))

/* publish and observe must stay whole functions. noinline is not enough with gcc -O2: its
   IPA-SRA turns `observe(const int *slot)` into a clone taking the value, so the racy read
   moves into the caller and no frame of observe is left in the report (the read is then
   printed as `#0 main matrix_twin_globals.c:<line of the call>`). noipa (gcc only) forbids
   that. */
#if defined(__clang__)
#define KEEP_FRAME __attribute__((noinline))
#else
#define KEEP_FRAME __attribute__((noinline, noipa))
#endif

static int step;

static void signal_step(int n) {
  __atomic_store_n(&step, n, __ATOMIC_RELAXED);
}

static void wait_step(int n) {
  while (__atomic_load_n(&step, __ATOMIC_RELAXED) < n) usleep(500);
}

_Alignas(64) int alpha;
_Alignas(64) int beta;

KEEP_FRAME static void publish(int *slot, int value) {
  *slot = value;
}

KEEP_FRAME static int observe(const int *slot) {
  return *slot;
}

NOINLINE static void announce(int *slot, int value) {
  publish(slot, value + 10);
  signal_step(value == 1 ? 1 : 3);
}

NOINLINE static int inspect(const int *slot) {
  return observe(slot) + 20;
}

static void *writer(void *arg) {
  int b = *(int *)arg;
  if (b) announce(&alpha, 1);
  else {
    publish(&alpha, 1);
    signal_step(1);
  }
  wait_step(2);
  if (b) announce(&beta, 2);
  else {
    publish(&beta, 2);
    signal_step(3);
  }
  return NULL;
}

int main(int argc, char **argv) {
  if (argc != 3 || strcmp(argv[1], "twin") != 0 ||
      (strcmp(argv[2], "a") != 0 && strcmp(argv[2], "b") != 0)) {
    fprintf(stderr, "usage: %s twin <a|b>\n", argv[0]);
    return 2;
  }
  int b = argv[2][0] == 'b';
  pthread_t t;
  pthread_create(&t, NULL, writer, &b);
  wait_step(1);
  int seen = b ? inspect(&alpha) : observe(&alpha);
  signal_step(2);
  wait_step(3);
  seen += b ? inspect(&beta) : observe(&beta);
  pthread_join(t, NULL);
  printf("twin/%s: %d\n", argv[2], seen);
  return 0;
}
