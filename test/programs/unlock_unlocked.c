// Unlock of an unlocked mutex: an error path unlocks a global mutex it never locked.
#include <pthread.h>

static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static int registry_size;

__attribute__((noinline)) static int register_entry(int fail) {
  if (fail) goto out; // bug: jumps past the lock
  pthread_mutex_lock(&registry_lock);
  registry_size++;
out:
  pthread_mutex_unlock(&registry_lock); /* @unlock */
  return registry_size;
}

int main(void) {
  return register_entry(1) == 0 ? 0 : 1;
}
