// Signature rule v2: a member of a function-local class. gcc 12's runtime prints `run` (no
// linkage name), clang 19's `t1(void*)::Inner::run()`; both must give one signature.
//
//   local_class          Inner::run (in thread T1) ↔ read_hits (main) on `hits`
#include <pthread.h>
#include <unistd.h>

#define NOINLINE __attribute__((noinline))

int hits;

NOINLINE int read_hits() { return hits; }

static void *t1(void *) {
  struct Inner {
    static NOINLINE void run() { hits = 3; }
  };
  Inner::run();
  return nullptr;
}

int main() {
  pthread_t t;
  pthread_create(&t, nullptr, t1, nullptr);
  usleep(200 * 1000);
  volatile int v = read_hits();
  (void)v;
  pthread_join(t, nullptr);
  return 0;
}
