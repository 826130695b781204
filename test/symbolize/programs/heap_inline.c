// A race on a heap block, compiled with -O2 for the symbolization tests: `bump` is inlined into
// both racing functions, so each access symbolizes to two frames (bump, then its caller). Heap
// rather than a global: an unsymbolized clang report prints no global location at all.
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

struct counter {
  long hits;
};

static inline __attribute__((always_inline)) void bump(struct counter *c, long by) {
  c->hits += by; /* @bump */
}

__attribute__((noinline)) static void *worker(void *arg) {
  bump((struct counter *)arg, 1); /* @worker */
  return NULL;
}

__attribute__((noinline)) static void record_main(struct counter *c) {
  bump(c, 2); /* @record_main */
}

int main(void) {
  struct counter *c = calloc(1, sizeof *c);
  pthread_t t;
  pthread_create(&t, NULL, worker, c);
  usleep(100 * 1000);
  record_main(c);
  pthread_join(t, NULL);
  free(c);
  return 0;
}
