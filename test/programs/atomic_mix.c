// Atomic vs plain accesses to the same words. `ready` is stored atomically by the thread and
// later read plainly by main (current plain Read, "Previous atomic write"); `epoch` is written
// plainly by main and later stored atomically by the thread (current "Atomic write").
// The sleeps only order the accesses; they do not synchronise them. The two variables live in
// different cache lines: TSan v3 marks a whole 8-byte shadow cell as racy after reporting on
// it, which would hide the second race if they shared one.
#include <pthread.h>
#include <unistd.h>

_Alignas(64) int ready;
_Alignas(64) int epoch;

__attribute__((noinline)) static void *publisher(void *arg) {
  (void)arg;
  __atomic_store_n(&ready, 1, __ATOMIC_RELAXED); /* @atomic-ready */
  usleep(200 * 1000);
  __atomic_store_n(&epoch, 2, __ATOMIC_RELAXED); /* @atomic-epoch */
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, publisher, NULL); /* @create */
  epoch = 1; /* @plain-epoch */
  usleep(100 * 1000);
  int r = ready; /* @plain-ready */
  pthread_join(t, NULL);
  return r == 1 ? 0 : 1;
}
