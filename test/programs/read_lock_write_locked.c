// Read lock of a write locked mutex: an annotated reader-writer lock (a hand-written one,
// described to TSan with the __tsan_mutex_* interface) is read-locked while write-locked.
// (pthread_rwlock_rdlock on a write-locked lock fails with EDEADLK or blocks; TSan only
// sees successful locks, so the report needs annotations.)
#include <sanitizer/tsan_interface.h>

static int config_rwlock;

int main(void) {
  __tsan_mutex_create(&config_rwlock, 0); /* @create */
  __tsan_mutex_pre_lock(&config_rwlock, 0);
  __tsan_mutex_post_lock(&config_rwlock, 0, 0);
  __tsan_mutex_pre_lock(&config_rwlock, __tsan_mutex_read_lock);
  __tsan_mutex_post_lock(&config_rwlock, __tsan_mutex_read_lock, 0); /* @read-lock */
  return 0;
}
