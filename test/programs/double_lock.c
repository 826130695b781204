// Double lock of a mutex: a hand-written spinlock, annotated for TSan with the
// __tsan_mutex_* interface, is left locked by a worker that exits; main then takes it again.
// (Plain pthread mutexes cannot show this report: the second lock would block forever.)
#include <pthread.h>
#include <sanitizer/tsan_interface.h>

struct spinlock {
  int word;
};

static struct spinlock table_lock;

__attribute__((noinline)) static void spin_lock(struct spinlock *l) {
  __tsan_mutex_pre_lock(l, 0);
  while (__atomic_exchange_n(&l->word, 1, __ATOMIC_ACQUIRE)) {
  }
  __tsan_mutex_post_lock(l, 0, 0); /* @post-lock */
}

__attribute__((noinline)) static void spin_unlock(struct spinlock *l) {
  __tsan_mutex_pre_unlock(l, 0);
  __atomic_store_n(&l->word, 0, __ATOMIC_RELEASE);
  __tsan_mutex_post_unlock(l, 0);
}

static void *worker(void *arg) {
  (void)arg;
  spin_lock(&table_lock); // returns without unlocking
  return NULL;
}

int main(void) {
  __tsan_mutex_create(&table_lock, 0); /* @create */
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  pthread_join(t, NULL);
  __atomic_store_n(&table_lock.word, 0, __ATOMIC_RELEASE); // "repair" it behind TSan's back
  spin_lock(&table_lock); /* @second-lock */
  spin_unlock(&table_lock);
  return 0;
}
