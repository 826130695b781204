// Read unlock of a write locked mutex: an annotated reader-writer lock is write-locked and
// then released as if it had been read-locked.
#include <sanitizer/tsan_interface.h>

static int index_rwlock;

int main(void) {
  __tsan_mutex_create(&index_rwlock, 0); /* @create */
  __tsan_mutex_pre_lock(&index_rwlock, 0);
  __tsan_mutex_post_lock(&index_rwlock, 0, 0); /* @write-lock */
  __tsan_mutex_pre_unlock(&index_rwlock, __tsan_mutex_read_lock); /* @read-unlock */
  __tsan_mutex_post_unlock(&index_rwlock, __tsan_mutex_read_lock);
  return 0;
}
