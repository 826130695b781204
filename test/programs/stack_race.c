// Data race on a stack variable: main hands the address of its local `progress` to a worker
// and keeps writing it. TSan prints "Location is stack of main thread." plus its bogus
// "[stack]" global.
#include <pthread.h>
#include <unistd.h>

__attribute__((noinline)) static void *worker(void *arg) {
  int *progress = arg;
  *progress = 50; /* @worker-write */
  return NULL;
}

int main(void) {
  int progress = 0;
  pthread_t t;
  pthread_create(&t, NULL, worker, &progress); /* @create */
  usleep(100 * 1000);
  progress = 100; /* @main-write */
  pthread_join(t, NULL);
  return progress == 100 ? 0 : 1;
}
