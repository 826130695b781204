// One race reached through functions whose demangled names contain spaces, templates,
// commas and operators: (anonymous namespace)::Ledger::operator+=(long) and
// void settle<std::pair<int, long> >(std::pair<int, long> const&). Both write `balance`.
#include <pthread.h>
#include <unistd.h>
#include <utility>

static long balance;

namespace {
struct Ledger {
  long *total;
  __attribute__((noinline)) Ledger &operator+=(long amount) {
    *total += amount; /* @ledger-write */
    return *this;
  }
};
}  // namespace

template <typename Entry>
__attribute__((noinline)) void settle(const Entry &entry) {
  balance = entry.second; /* @settle-write */
}

static void *credit(void *) {
  Ledger ledger{&balance};
  ledger += 5; /* @credit */
  return nullptr;
}

static void *reconcile(void *) {
  usleep(100 * 1000);
  settle(std::pair<int, long>(1, 20)); /* @reconcile */
  return nullptr;
}

int main() {
  pthread_t t[2];
  pthread_create(&t[0], nullptr, credit, nullptr);
  pthread_create(&t[1], nullptr, reconcile, nullptr);
  pthread_join(t[0], nullptr);
  pthread_join(t[1], nullptr);
  return balance == 20 ? 0 : 1;
}
