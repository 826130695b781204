/*
 * A race that shows in about 1 run in K: `flaky_race K MARKER_DIR`.
 *
 * Each run draws a number from its pid and the clock. One draw in K takes the racy path: the
 * reader writes `shared_total` after the writer did, ordered only by a relaxed atomic flag,
 * which gives TSan no happens-before edge, so TSan reports the race every time that path is
 * taken (no sleep decides it). Otherwise the reader first joins the writer: no race.
 *
 * Each run leaves `MARKER_DIR/<pid>.raced` or `MARKER_DIR/<pid>.clean`, so a test counts the
 * true rate without reading TSan's reports.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

/* Apart in memory: a spinning load beside a raced word could evict its shadow record. */
static long shared_total __attribute__((aligned(64)));
static int written __attribute__((aligned(64)));

__attribute__((noinline)) static void *flaky_writer(void *arg) {
  shared_total = 1;
  __atomic_store_n(&written, 1, __ATOMIC_RELAXED);
  return arg;
}

__attribute__((noinline)) static void flaky_reader(void) {
  while (!__atomic_load_n(&written, __ATOMIC_RELAXED)) usleep(100);
  shared_total += 1;
}

static unsigned draw(void) {
  struct timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  unsigned x = (unsigned)getpid() * 2654435761u ^ (unsigned)now.tv_nsec;
  x ^= x >> 16;
  x *= 0x45d9f3bu;
  x ^= x >> 16;
  return x;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: flaky_race K MARKER_DIR\n");
    return 2;
  }
  unsigned k = (unsigned)atoi(argv[1]);
  int racy = k > 0 && draw() % k == 0;

  char marker[4096];
  snprintf(marker, sizeof marker, "%s/%d.%s", argv[2], (int)getpid(), racy ? "raced" : "clean");
  FILE *f = fopen(marker, "w");
  if (f) fclose(f);

  pthread_t writer;
  pthread_create(&writer, NULL, flaky_writer, NULL);
  if (!racy) pthread_join(writer, NULL);
  flaky_reader();
  if (racy) pthread_join(writer, NULL);
  printf("%s\n", racy ? "RACED" : "CLEAN");
  return 0;
}
