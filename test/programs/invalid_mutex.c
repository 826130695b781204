// Use of an invalid mutex: main locks a mutex after destroying it. glibc marks a destroyed
// mutex invalid, pthread_mutex_lock fails with EINVAL, and TSan reports the misuse.
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t cache_lock;

int main(void) {
  pthread_mutex_init(&cache_lock, NULL); /* @init */
  pthread_mutex_destroy(&cache_lock); /* @destroy */
  int rc = pthread_mutex_lock(&cache_lock); /* @lock */
  printf("lock after destroy: %d\n", rc);
  return 0;
}
