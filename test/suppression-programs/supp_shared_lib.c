// The shared library of supp_shared_main.c (built as libsuppshared.so with -fsanitize=thread
// -fPIC -shared): the raced global and both racing functions live here, so the top frames of
// the race and its global location are in this module, not in the executable.
#include <sched.h>

__attribute__((aligned(64))) int SharedLibCounter;
__attribute__((aligned(64))) static int shared_ready;

__attribute__((noinline)) void shared_lib_bump(void) {
  SharedLibCounter += 1;
  __atomic_store_n(&shared_ready, 1, __ATOMIC_RELAXED);
}

__attribute__((noinline)) int shared_lib_peek(void) {
  while (!__atomic_load_n(&shared_ready, __ATOMIC_RELAXED)) sched_yield();
  return SharedLibCounter;
}
