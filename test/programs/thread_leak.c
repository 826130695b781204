// Thread leak: main starts three workers from one call site and never joins or detaches
// them. TSan prints one report for the call site and "And 2 more similar thread leaks."
// Only finished threads count as leaked, so main waits until every worker is about to return.
#include <pthread.h>
#include <unistd.h>

static int finished;

static void *worker(void *arg) {
  (void)arg;
  __atomic_fetch_add(&finished, 1, __ATOMIC_RELEASE);
  return NULL;
}

__attribute__((noinline)) static void spawn(pthread_t *t) {
  pthread_create(t, NULL, worker, NULL); /* @create */
}

// volatile: with a constant trip count gcc -O1 peels the loop into three calls, and TSan then
// sees three different creation stacks (three reports instead of one "similar" group).
static volatile int worker_count = 3;

int main(void) {
  pthread_t t[3];
  for (int i = 0; i < worker_count; i++) spawn(&t[i]); /* @spawn */
  while (__atomic_load_n(&finished, __ATOMIC_ACQUIRE) < worker_count) usleep(5 * 1000);
  usleep(50 * 1000);  // let the workers get from the increment to their exit
  return 0;
}
