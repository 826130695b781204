// Destroy of a locked mutex: a heap-allocated mutex is destroyed while main still holds it.
#include <pthread.h>
#include <stdlib.h>

struct session {
  pthread_mutex_t lock;
  int refs;
};

int main(void) {
  struct session *s = malloc(sizeof *s); /* @malloc */
  pthread_mutex_init(&s->lock, NULL); /* @init */
  pthread_mutex_lock(&s->lock); /* @lock */
  s->refs = 0;
  pthread_mutex_destroy(&s->lock); /* @destroy */
  free(s);
  return 0;
}
