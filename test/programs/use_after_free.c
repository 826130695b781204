// heap-use-after-free: the janitor thread frees the shared buffer under a mutex; main later
// writes to it under the same mutex. The mutex orders the accesses (main waits until it sees
// `freed`), so the report does not depend on timing, but the memory is gone.
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

static int *buffer;
static int freed;
static pthread_mutex_t buffer_lock = PTHREAD_MUTEX_INITIALIZER;

__attribute__((noinline)) static void *janitor(void *arg) {
  (void)arg;
  pthread_mutex_lock(&buffer_lock);
  free(buffer); /* @free */
  freed = 1;
  pthread_mutex_unlock(&buffer_lock);
  return NULL;
}

int main(void) {
  // Taking the lock here first makes this the mutex's "created at" stack in the report.
  pthread_mutex_lock(&buffer_lock); /* @first-lock */
  buffer = malloc(25 * sizeof(int));
  pthread_mutex_unlock(&buffer_lock);
  pthread_t t;
  pthread_create(&t, NULL, janitor, NULL); /* @create */
  for (;;) {
    pthread_mutex_lock(&buffer_lock);
    if (freed) {
      buffer[0] = 42; /* @use */
      pthread_mutex_unlock(&buffer_lock);
      break;
    }
    pthread_mutex_unlock(&buffer_lock);
    usleep(10 * 1000);
  }
  pthread_join(t, NULL);
  return 0;
}
