// Races on "external objects": a tiny queue library describes its operations to TSan with
// the __tsan_external_* API (as Swift and some C++ libraries do). Two queues: `jobs` is tagged
// "WorkQueue", which gives the default headline "race on WorkQueue"; `events` is tagged
// "EventBus" with a custom headline, "EventBus access race", registered through
// __tsan_external_register_header (Swift registers "Swift access race" the same way).
// Each queue is pushed by a thread and peeked at by main without locks, so every queue also
// gets an ordinary "data race" report on its `len` field: four reports in all.
#include <pthread.h>
#include <sanitizer/tsan_interface.h>
#include <stdlib.h>
#include <unistd.h>

struct queue {
  int items[8];
  int len;
};

static void *work_queue_tag;
static void *event_bus_tag;

__attribute__((noinline)) static struct queue *queue_new(void *tag) {
  struct queue *q = calloc(1, sizeof *q); /* @calloc */
  __tsan_external_assign_tag(q, tag);
  return q;
}

__attribute__((noinline)) static void queue_push(struct queue *q, void *tag, int v) {
  __tsan_external_write(q, __builtin_return_address(0), tag); /* @push */
  if (q->len < 8) q->items[q->len++] = v; /* @push-len */
}

__attribute__((noinline)) static int queue_peek(struct queue *q, void *tag) {
  __tsan_external_read(q, __builtin_return_address(0), tag); /* @peek */
  return q->len; /* @peek-len */
}

static struct queue *jobs;
static struct queue *events;

static void *producer(void *arg) {
  (void)arg;
  queue_push(jobs, work_queue_tag, 1); /* @push-jobs */
  queue_push(events, event_bus_tag, 2); /* @push-events */
  return NULL;
}

int main(void) {
  work_queue_tag = __tsan_external_register_tag("WorkQueue");
  event_bus_tag = __tsan_external_register_tag("EventBus");
  __tsan_external_register_header(event_bus_tag, "EventBus access race");
  jobs = queue_new(work_queue_tag); /* @new-jobs */
  events = queue_new(event_bus_tag); /* @new-events */
  pthread_t t;
  pthread_create(&t, NULL, producer, NULL); /* @create */
  usleep(100 * 1000);
  int n = queue_peek(jobs, work_queue_tag); /* @peek-jobs */
  n += queue_peek(events, event_bus_tag); /* @peek-events */
  pthread_join(t, NULL);
  free(jobs);
  free(events);
  return n == 2 ? 0 : 1;
}
