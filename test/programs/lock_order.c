// Lock-order inversion (potential deadlock): main takes accounts_lock then audit_lock; the
// auditor thread later takes them the other way round. The threads never actually deadlock
// (they run one after the other), but the lock-order graph has a cycle.
#include <pthread.h>

static pthread_mutex_t accounts_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t audit_lock = PTHREAD_MUTEX_INITIALIZER;

__attribute__((noinline)) static void transfer(void) {
  pthread_mutex_lock(&accounts_lock); /* @transfer-first */
  pthread_mutex_lock(&audit_lock); /* @transfer-second */
  pthread_mutex_unlock(&audit_lock);
  pthread_mutex_unlock(&accounts_lock);
}

__attribute__((noinline)) static void *auditor(void *arg) {
  (void)arg;
  pthread_mutex_lock(&audit_lock); /* @audit-first */
  pthread_mutex_lock(&accounts_lock); /* @audit-second */
  pthread_mutex_unlock(&accounts_lock);
  pthread_mutex_unlock(&audit_lock);
  return NULL;
}

int main(void) {
  transfer(); /* @call-transfer */
  pthread_t t;
  pthread_create(&t, NULL, auditor, NULL); /* @create */
  pthread_join(t, NULL);
  return 0;
}
