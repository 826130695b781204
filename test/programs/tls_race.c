// Data race on a thread-local (__thread) variable: main publishes the address of its own
// TLS slot; a worker writes through it while main also writes it.
#include <pthread.h>
#include <unistd.h>

static __thread int request_id;

__attribute__((noinline)) static void *worker(void *arg) {
  int *slot = arg;
  *slot = 7; /* @worker-write */
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, worker, &request_id); /* @create */
  usleep(100 * 1000);
  request_id = 3; /* @main-write */
  pthread_join(t, NULL);
  return 0;
}
