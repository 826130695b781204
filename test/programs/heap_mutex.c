// Data race on a heap block: "ingest one" updates stats->count while holding a mutex (write)
// and a rwlock (read); "reporter" resets it without taking either. Both threads name
// themselves with pthread_setname_np, so the Thread sections carry the names.
#define _GNU_SOURCE
#include <pthread.h>
#include <stdlib.h>

struct stats {
  long bytes;
  int count;
  int padding[5];
};

static struct stats *stats;
static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_rwlock_t config_lock = PTHREAD_RWLOCK_INITIALIZER;

__attribute__((noinline)) static void *ingest(void *arg) {
  (void)arg;
  pthread_setname_np(pthread_self(), "ingest one");
  pthread_mutex_lock(&stats_lock); /* @lock-mutex */
  pthread_rwlock_rdlock(&config_lock); /* @lock-rwlock */
  stats->count++; /* @ingest-write */
  pthread_rwlock_unlock(&config_lock);
  pthread_mutex_unlock(&stats_lock);
  return NULL;
}

__attribute__((noinline)) static void *reporter(void *arg) {
  (void)arg;
  pthread_setname_np(pthread_self(), "reporter");
  stats->count = 0; /* @reporter-write */
  return NULL;
}

int main(void) {
  stats = calloc(1, sizeof *stats); /* @alloc */
  pthread_t t[2];
  pthread_create(&t[0], NULL, ingest, NULL); /* @create-ingest */
  pthread_create(&t[1], NULL, reporter, NULL); /* @create-reporter */
  pthread_join(t[0], NULL);
  pthread_join(t[1], NULL);
  free(stats);
  return 0;
}
