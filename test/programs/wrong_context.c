// Mutex held in the wrong context: __tsan_check_no_mutexes_held() asserts that the caller
// holds no mutex (e.g. on entry to a callback that may block), but main holds `db_lock`.
// clang 19 only: gcc 12's libtsan has neither the function nor the report kind.
#include <pthread.h>

void __tsan_check_no_mutexes_held(void);

static pthread_mutex_t db_lock = PTHREAD_MUTEX_INITIALIZER;

__attribute__((noinline)) static void may_block(void) {
  __tsan_check_no_mutexes_held(); /* @check */
}

int main(void) {
  pthread_mutex_lock(&db_lock); /* @lock */
  may_block(); /* @call */
  pthread_mutex_unlock(&db_lock);
  return 0;
}
