// A race inside always-inlined helpers, meant to be compiled with -O2: TSan prints every
// inlined function as its own frame (#0 store_level, #1 apply_level, #2 the caller), all with
// the same module offset. clang 19 prints the BuildId only on the first frame of such a group.
#include <pthread.h>
#include <unistd.h>

int level;

static inline __attribute__((always_inline)) void store_level(int v) {
  level = v; /* @store */
}

static inline __attribute__((always_inline)) void apply_level(int v) {
  store_level(v + 1); /* @apply */
}

__attribute__((noinline)) static void *tuner(void *arg) {
  apply_level((int)(long)arg); /* @tuner */
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, tuner, (void *)1L);
  usleep(100 * 1000);
  apply_level(5); /* @main */
  pthread_join(t, NULL);
  return 0;
}
