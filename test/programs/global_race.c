// Data race on a global: one thread stores to `racy_total` while another reads it, with
// no synchronisation between them. Which access TSan prints first is timing-dependent.
#include <pthread.h>
#include <stdio.h>

int racy_total;

__attribute__((noinline)) static void *producer(void *arg) {
  (void)arg;
  racy_total = 42; /* @producer-write */
  return NULL;
}

__attribute__((noinline)) static void *consumer(void *arg) {
  (void)arg;
  int seen = racy_total; /* @consumer-read */
  return (void *)(long)seen;
}

int main(void) {
  pthread_t t[2];
  pthread_create(&t[0], NULL, producer, NULL); /* @create-producer */
  pthread_create(&t[1], NULL, consumer, NULL); /* @create-consumer */
  pthread_join(t[0], NULL);
  pthread_join(t[1], NULL);
  printf("total=%d\n", racy_total);
  return 0;
}
