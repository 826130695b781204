// Lock-order inversion over three mutexes: main nests A->B, thread T1 nests B->C and thread T2
// nests C->A, closing the cycle A => B => C => A. The threads run one after the other.
#include <pthread.h>

static pthread_mutex_t lock_a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t lock_b = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t lock_c = PTHREAD_MUTEX_INITIALIZER;

__attribute__((noinline)) static void nest(pthread_mutex_t *outer, pthread_mutex_t *inner) {
  pthread_mutex_lock(outer); /* @outer */
  pthread_mutex_lock(inner); /* @inner */
  pthread_mutex_unlock(inner);
  pthread_mutex_unlock(outer);
}

static void *b_then_c(void *arg) {
  (void)arg;
  nest(&lock_b, &lock_c);
  return NULL;
}

static void *c_then_a(void *arg) {
  (void)arg;
  nest(&lock_c, &lock_a);
  return NULL;
}

int main(void) {
  nest(&lock_a, &lock_b);
  pthread_t t;
  pthread_create(&t, NULL, b_then_c, NULL); /* @create-1 */
  pthread_join(t, NULL);
  pthread_create(&t, NULL, c_then_a, NULL); /* @create-2 */
  pthread_join(t, NULL);
  return 0;
}
