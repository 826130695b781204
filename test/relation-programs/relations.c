// Racy scenarios whose relations and "why" we know, one per run: `relations <scenario>`.
// The sleeps only order the accesses (the first one is in TSan's history when the second one
// happens); they do not synchronise them. Every function is noinline and every global its
// own, so each scenario is one report with the anchors and object named below.
//
// Relations (test/fixtures/relations/truth.json):
//   obj-a, obj-b     same object `shared_state`, raced by other functions (same-object)
//   code-g1, code-g2 the same two functions, `store_field` and `load_field`, on two globals
//                    (same-code)
//   flag-a, flag-b   `set_flag` on `flags` read by two different readers (same-object, one
//                    side in common)
//   disp-1..disp-4   unrelated races (own globals, own functions) reached through one deep
//                    dispatcher of 24 common frames on both sides: related to nothing
// Why-patterns (each the only race of its run): mixed, one-lock, two-locks, nosync, rwlock,
// teardown, uaf.
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NOINLINE __attribute__((noinline))
#define WAIT() usleep(100 * 1000)

static void opaque(void) { __asm__ volatile("" ::: "memory"); }

// ---- same object, other code
int shared_state;
NOINLINE void writer_a(void) { shared_state = 1; opaque(); }
NOINLINE void reader_a(void) { volatile int v = shared_state; (void)v; opaque(); }
NOINLINE void writer_b(void) { shared_state = 2; opaque(); }
NOINLINE void reader_b(void) { volatile int v = shared_state; (void)v; opaque(); }

// ---- same code, other object
int config_g1;
int config_g2;
NOINLINE void store_field(int *field, int value) { *field = value; opaque(); }
NOINLINE int load_field(int *field) { int v = *field; opaque(); return v; }

// ---- one side in common
int flags;
NOINLINE void set_flag(void) { flags |= 4; opaque(); }
NOINLINE void poll_ready(void) { volatile int v = flags & 1; (void)v; opaque(); }
NOINLINE void poll_closed(void) { volatile int v = flags & 2; (void)v; opaque(); }

// ---- a deep dispatcher: 24 levels, each adding to the result after the call (no tail call)
typedef void (*handler_fn)(void);
#define LEVEL(n, next)                                            \
  NOINLINE int dispatch_##n(handler_fn h, int depth) {             \
    int r = next(h, depth + 1);                                   \
    opaque();                                                     \
    return r + 1;                                                 \
  }
NOINLINE int dispatch_leaf(handler_fn h, int depth) { h(); opaque(); return depth; }
LEVEL(23, dispatch_leaf) LEVEL(22, dispatch_23) LEVEL(21, dispatch_22) LEVEL(20, dispatch_21)
LEVEL(19, dispatch_20) LEVEL(18, dispatch_19) LEVEL(17, dispatch_18) LEVEL(16, dispatch_17)
LEVEL(15, dispatch_16) LEVEL(14, dispatch_15) LEVEL(13, dispatch_14) LEVEL(12, dispatch_13)
LEVEL(11, dispatch_12) LEVEL(10, dispatch_11) LEVEL(9, dispatch_10) LEVEL(8, dispatch_9)
LEVEL(7, dispatch_8) LEVEL(6, dispatch_7) LEVEL(5, dispatch_6) LEVEL(4, dispatch_5)
LEVEL(3, dispatch_4) LEVEL(2, dispatch_3) LEVEL(1, dispatch_2) LEVEL(0, dispatch_1)

int metric_1, metric_2, metric_3, metric_4;
NOINLINE void record_latency(void) { metric_1 = 1; opaque(); }
NOINLINE void export_latency(void) { volatile int v = metric_1; (void)v; opaque(); }
NOINLINE void count_request(void) { metric_2 = 1; opaque(); }
NOINLINE void reset_requests(void) { metric_2 = 0; opaque(); }
NOINLINE void open_session(void) { metric_3 = 1; opaque(); }
NOINLINE void audit_sessions(void) { volatile int v = metric_3; (void)v; opaque(); }
NOINLINE void grow_cache(void) { metric_4 += 1; opaque(); }
NOINLINE void trim_cache(void) { metric_4 -= 1; opaque(); }

// ---- why-patterns
_Atomic int generation;
int generation_plain_view;
NOINLINE void publish_generation(void) { atomic_store_explicit(&generation, 1, memory_order_relaxed); }
NOINLINE void peek_generation(void) { volatile int v = *(int *)&generation; (void)v; opaque(); }

pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t other_lock = PTHREAD_MUTEX_INITIALIZER;
int stats_total;
NOINLINE void add_stat_locked(void) {
  pthread_mutex_lock(&stats_lock);
  stats_total += 1;
  pthread_mutex_unlock(&stats_lock);
}
NOINLINE void add_stat_unlocked(void) { stats_total += 2; opaque(); }
NOINLINE void add_stat_other_lock(void) {
  pthread_mutex_lock(&other_lock);
  stats_total += 3;
  pthread_mutex_unlock(&other_lock);
}

int hits;
NOINLINE void bump_hits(void) { hits += 1; opaque(); }
NOINLINE void read_hits(void) { volatile int v = hits; (void)v; opaque(); }

pthread_rwlock_t table_lock = PTHREAD_RWLOCK_INITIALIZER;
int table_version;
NOINLINE void update_under_read_lock(void) {
  pthread_rwlock_rdlock(&table_lock);
  table_version += 1;
  pthread_rwlock_unlock(&table_lock);
}

int heartbeat;
NOINLINE void heartbeat_loop(void) {
  for (int i = 0; i < 200; i++) {
    heartbeat = i;
    usleep(10 * 1000);
  }
}
NOINLINE void clear_heartbeat_at_exit(void) { heartbeat = -1; opaque(); }

struct session { int id; char name[16]; };
struct session *current;
NOINLINE struct session *new_session(void) { return calloc(1, sizeof(struct session)); }
NOINLINE void close_session(void) { free(current); opaque(); }
NOINLINE void touch_session(void) { current->id = 7; opaque(); }

// ---- scenarios: the thread's part runs first, then main's

struct scenario {
  const char *name;
  void (*thread_part)(void);
  void (*main_part)(void);
  int dispatched;
};

static void g1_store(void) { store_field(&config_g1, 1); }
static void g1_load(void) { (void)load_field(&config_g1); }
static void g2_store(void) { store_field(&config_g2, 1); }
static void g2_load(void) { (void)load_field(&config_g2); }

static const struct scenario SCENARIOS[] = {
    {"obj-a", writer_a, reader_a, 0},
    {"obj-b", writer_b, reader_b, 0},
    {"code-g1", g1_store, g1_load, 0},
    {"code-g2", g2_store, g2_load, 0},
    {"flag-a", set_flag, poll_ready, 0},
    {"flag-b", set_flag, poll_closed, 0},
    {"disp-1", record_latency, export_latency, 1},
    {"disp-2", count_request, reset_requests, 1},
    {"disp-3", open_session, audit_sessions, 1},
    {"disp-4", grow_cache, trim_cache, 1},
    {"mixed", publish_generation, peek_generation, 0},
    {"one-lock", add_stat_locked, add_stat_unlocked, 0},
    {"two-locks", add_stat_locked, add_stat_other_lock, 0},
    {"nosync", bump_hits, read_hits, 0},
    {"rwlock", update_under_read_lock, update_under_read_lock, 0},
    {"uaf", close_session, touch_session, 0},
};

static const struct scenario *chosen;

static void *thread_main(void *arg) {
  (void)arg;
  if (chosen->dispatched) dispatch_0(chosen->thread_part, 0);
  else chosen->thread_part();
  return NULL;
}

static void *heartbeat_thread(void *arg) {
  (void)arg;
  heartbeat_loop();
  return NULL;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: relations <scenario>|teardown\n");
    return 2;
  }
  if (strcmp(argv[1], "teardown") == 0) {
    // Main returns while a detached thread still writes: exit runs the handler under it.
    pthread_t t;
    atexit(clear_heartbeat_at_exit);
    pthread_create(&t, NULL, heartbeat_thread, NULL);
    pthread_detach(t);
    usleep(50 * 1000);
    return 0;
  }
  for (size_t i = 0; i < sizeof SCENARIOS / sizeof SCENARIOS[0]; i++)
    if (strcmp(SCENARIOS[i].name, argv[1]) == 0) chosen = &SCENARIOS[i];
  if (chosen == NULL) {
    fprintf(stderr, "unknown scenario %s\n", argv[1]);
    return 2;
  }
  if (strcmp(chosen->name, "uaf") == 0) current = new_session();
  pthread_t t;
  pthread_create(&t, NULL, thread_main, NULL);
  WAIT();
  if (chosen->dispatched) dispatch_0(chosen->main_part, 0);
  else chosen->main_part();
  pthread_join(t, NULL);
  return 0;
}
