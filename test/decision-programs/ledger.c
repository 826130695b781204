// A small "ledger" with eight distinct data races, one per scenario named on the command
// line (`ledger deposit`, `ledger audit`, ...), so that the decisions tests can file each
// race as its own tracker issue. Each scenario: two threads, one global, no lock. Threads are
// ordered by a short sleep so that TSan sees both accesses; the writer waits for the reader.
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Relaxed atomics order nothing for TSan: the writer stays alive until the reader has read
 * (clang's runtime may forget the accesses of a thread that has finished and whose slot is
 * reused), without a happens-before edge that would hide the race. */
static int reader_has_read;

static void wait_for_reader(void) {
  while (!__atomic_load_n(&reader_has_read, __ATOMIC_RELAXED)) usleep(1000);
}

static void reader_done(void) { __atomic_store_n(&reader_has_read, 1, __ATOMIC_RELAXED); }

/* Each on its own cache line: TSan reports one race per memory granule it judged racy. */
#define OWN_LINE __attribute__((aligned(64)))
int balance OWN_LINE, fees OWN_LINE, audit_count OWN_LINE, interest_rate OWN_LINE;
int overdraft OWN_LINE, ledger_size OWN_LINE, last_txn OWN_LINE, branch_code OWN_LINE;

__attribute__((noinline)) static void *deposit_writer(void *arg) {
  (void)arg;
  balance = 42;
  wait_for_reader();
  return NULL;
}

__attribute__((noinline)) static void *deposit_reader(void *arg) {
  (void)arg;
  usleep(20000);
  long seen = balance;
  reader_done();
  return (void *)seen;
}

__attribute__((noinline)) static void *charge_writer(void *arg) {
  (void)arg;
  fees = 42;
  wait_for_reader();
  return NULL;
}

__attribute__((noinline)) static void *charge_reader(void *arg) {
  (void)arg;
  usleep(20000);
  long seen = fees;
  reader_done();
  return (void *)seen;
}

__attribute__((noinline)) static void *audit_writer(void *arg) {
  (void)arg;
  audit_count = 42;
  wait_for_reader();
  return NULL;
}

__attribute__((noinline)) static void *audit_reader(void *arg) {
  (void)arg;
  usleep(20000);
  long seen = audit_count;
  reader_done();
  return (void *)seen;
}

__attribute__((noinline)) static void *accrue_writer(void *arg) {
  (void)arg;
  interest_rate = 42;
  wait_for_reader();
  return NULL;
}

__attribute__((noinline)) static void *accrue_reader(void *arg) {
  (void)arg;
  usleep(20000);
  long seen = interest_rate;
  reader_done();
  return (void *)seen;
}

__attribute__((noinline)) static void *overdraw_writer(void *arg) {
  (void)arg;
  overdraft = 42;
  wait_for_reader();
  return NULL;
}

__attribute__((noinline)) static void *overdraw_reader(void *arg) {
  (void)arg;
  usleep(20000);
  long seen = overdraft;
  reader_done();
  return (void *)seen;
}

__attribute__((noinline)) static void *grow_writer(void *arg) {
  (void)arg;
  ledger_size = 42;
  wait_for_reader();
  return NULL;
}

__attribute__((noinline)) static void *grow_reader(void *arg) {
  (void)arg;
  usleep(20000);
  long seen = ledger_size;
  reader_done();
  return (void *)seen;
}

__attribute__((noinline)) static void *record_writer(void *arg) {
  (void)arg;
  last_txn = 42;
  wait_for_reader();
  return NULL;
}

__attribute__((noinline)) static void *record_reader(void *arg) {
  (void)arg;
  usleep(20000);
  long seen = last_txn;
  reader_done();
  return (void *)seen;
}

__attribute__((noinline)) static void *transfer_writer(void *arg) {
  (void)arg;
  branch_code = 42;
  wait_for_reader();
  return NULL;
}

__attribute__((noinline)) static void *transfer_reader(void *arg) {
  (void)arg;
  usleep(20000);
  long seen = branch_code;
  reader_done();
  return (void *)seen;
}

struct scenario {
  const char *name;
  void *(*writer)(void *);
  void *(*reader)(void *);
};

static const struct scenario scenarios[] = {
    {"deposit", deposit_writer, deposit_reader},    {"charge", charge_writer, charge_reader},
    {"audit", audit_writer, audit_reader},          {"accrue", accrue_writer, accrue_reader},
    {"overdraw", overdraw_writer, overdraw_reader}, {"grow", grow_writer, grow_reader},
    {"record", record_writer, record_reader},       {"transfer", transfer_writer, transfer_reader},
};

int main(int argc, char **argv) {
  for (int a = 1; a < argc; a++) {
    for (size_t i = 0; i < sizeof scenarios / sizeof scenarios[0]; i++) {
      if (strcmp(argv[a], scenarios[i].name) != 0) continue;
      pthread_t w, r;
      __atomic_store_n(&reader_has_read, 0, __ATOMIC_RELAXED);
      pthread_create(&w, NULL, scenarios[i].writer, NULL);
      pthread_create(&r, NULL, scenarios[i].reader, NULL);
      pthread_join(w, NULL);
      pthread_join(r, NULL);
    }
  }
  return 0;
}
