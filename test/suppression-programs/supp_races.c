// Three race-family reports in one run, each through functions of its own (no call site is
// shared between two reports: the runtime remembers the PC that matched a suppression and
// drops any later race whose stacks contain that PC):
//   1. data race on the global `GlobalTallyCounter`: tally_writer_thread -> tally_store_value
//      against tally_reader_thread -> tally_load_value;
//   2. data race on a heap block allocated (malloc) by make_heap_cell: heap_cell_writer ->
//      heap_cell_poke, holding CellMutex, against heap_cell_reader -> heap_cell_peek;
//   3. heap-use-after-free: uaf_freer_thread -> release_scratch (free) against
//      uaf_user_thread -> scribble_scratch.
// The racing accesses are ordered with relaxed atomics (no happens-before for TSan; the waits
// yield instead of sleeping, so no "As if synchronized via sleep" stack comes and goes), so every
// run reports each race exactly once, with the later access printed first.
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

// Raced globals sit in cache lines of their own, away from the flags the threads spin on.
__attribute__((aligned(64))) int GlobalTallyCounter;
__attribute__((aligned(64))) static int tally_ready;
__attribute__((aligned(64))) static int heap_ready;
__attribute__((aligned(64))) static int scratch_ready;
static pthread_mutex_t CellMutex = PTHREAD_MUTEX_INITIALIZER;

struct heap_cell {
  long padding[3];
  long value;
};

__attribute__((noinline)) static void tally_store_value(int v) {
  GlobalTallyCounter = v;
}

__attribute__((noinline)) static int tally_load_value(void) {
  return GlobalTallyCounter;
}

__attribute__((noinline)) static void *tally_writer_thread(void *arg) {
  tally_store_value(7);
  __atomic_store_n(&tally_ready, 1, __ATOMIC_RELAXED);
  return arg;
}

__attribute__((noinline)) static void *tally_reader_thread(void *arg) {
  while (!__atomic_load_n(&tally_ready, __ATOMIC_RELAXED)) sched_yield();
  return (void *)(long)tally_load_value();
}

__attribute__((noinline)) static void run_tally_scenario(void) {
  pthread_t w, r;
  pthread_create(&w, NULL, tally_writer_thread, NULL);
  pthread_create(&r, NULL, tally_reader_thread, NULL);
  pthread_join(w, NULL);
  pthread_join(r, NULL);
}

__attribute__((noinline)) static struct heap_cell *make_heap_cell(void) {
  struct heap_cell *cell = malloc(sizeof(struct heap_cell));
  memset(cell, 0, sizeof *cell);
  return cell;
}

__attribute__((noinline)) static void heap_cell_poke(struct heap_cell *cell) {
  cell->value = 5;
}

__attribute__((noinline)) static long heap_cell_peek(struct heap_cell *cell) {
  return cell->value;
}

__attribute__((noinline)) static void *heap_cell_writer(void *arg) {
  pthread_mutex_lock(&CellMutex);
  heap_cell_poke(arg);
  pthread_mutex_unlock(&CellMutex);
  __atomic_store_n(&heap_ready, 1, __ATOMIC_RELAXED);
  return NULL;
}

__attribute__((noinline)) static void *heap_cell_reader(void *arg) {
  while (!__atomic_load_n(&heap_ready, __ATOMIC_RELAXED)) sched_yield();
  return (void *)heap_cell_peek(arg);
}

__attribute__((noinline)) static void run_heap_scenario(void) {
  struct heap_cell *cell = make_heap_cell();
  pthread_t w, r;
  pthread_create(&w, NULL, heap_cell_writer, cell);
  pthread_create(&r, NULL, heap_cell_reader, cell);
  pthread_join(w, NULL);
  pthread_join(r, NULL);
  free(cell);
}

__attribute__((noinline)) static void release_scratch(char *scratch) {
  free(scratch);
}

__attribute__((noinline)) static void scribble_scratch(char *scratch) {
  scratch[3] = 'x';
}

__attribute__((noinline)) static void *uaf_freer_thread(void *arg) {
  release_scratch(arg);
  __atomic_store_n(&scratch_ready, 1, __ATOMIC_RELAXED);
  return NULL;
}

__attribute__((noinline)) static void *uaf_user_thread(void *arg) {
  while (!__atomic_load_n(&scratch_ready, __ATOMIC_RELAXED)) sched_yield();
  scribble_scratch(arg);
  return NULL;
}

__attribute__((noinline)) static void run_scratch_scenario(void) {
  char *scratch = malloc(48);
  pthread_t f, u;
  pthread_create(&f, NULL, uaf_freer_thread, scratch);
  pthread_create(&u, NULL, uaf_user_thread, scratch);
  pthread_join(f, NULL);
  pthread_join(u, NULL);
}

int main(void) {
  run_tally_scenario();
  run_heap_scenario();
  run_scratch_scenario();
  return 0;
}
