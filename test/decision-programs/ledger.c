// A small "ledger" with eight distinct data races, one per scenario named on the command
// line (`ledger deposit`, `ledger audit`, ...), so that the decisions tests can file each
// race as its own tracker issue. Each scenario: two threads, one global, no lock. Threads are
// ordered by a short sleep so that TSan sees both accesses.
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int balance, fees, audit_count, interest_rate, overdraft, ledger_size, last_txn, branch_code;

#define RACE(name, var)                                                                    \
  __attribute__((noinline)) static void *name##_writer(void *arg) {                        \
    (void)arg;                                                                             \
    var = 42;                                                                              \
    return NULL;                                                                           \
  }                                                                                        \
  __attribute__((noinline)) static void *name##_reader(void *arg) {                        \
    (void)arg;                                                                             \
    usleep(20000);                                                                         \
    return (void *)(long)var;                                                              \
  }

RACE(deposit, balance)
RACE(charge, fees)
RACE(audit, audit_count)
RACE(accrue, interest_rate)
RACE(overdraw, overdraft)
RACE(grow, ledger_size)
RACE(record, last_txn)
RACE(transfer, branch_code)

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
      pthread_create(&w, NULL, scenarios[i].writer, NULL);
      pthread_create(&r, NULL, scenarios[i].reader, NULL);
      pthread_join(w, NULL);
      pthread_join(r, NULL);
    }
  }
  return 0;
}
