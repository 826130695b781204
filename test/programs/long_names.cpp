// A race whose frames carry very long C++ names: record<...>() is instantiated with 40 map
// types, so its demangled name runs to many kilobytes on one frame line (log viewers and
// naive parsers choke on such lines). The thread races with main on `ledger`.
#include <pthread.h>
#include <unistd.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

template <int N>
struct Slot {};

long ledger;

template <typename... Tables>
__attribute__((noinline)) void record(long value) {
  ledger = value + static_cast<long>(sizeof...(Tables)); /* @record */
}

template <int... Is>
__attribute__((noinline)) void record_all(std::integer_sequence<int, Is...>) {
  record<std::map<Slot<Is>, std::vector<std::string>>...>(1); /* @record-all */
}

static void *bookkeeper(void *) {
  record_all(std::make_integer_sequence<int, 40>{}); /* @bookkeeper */
  return nullptr;
}

int main() {
  pthread_t t;
  pthread_create(&t, nullptr, bookkeeper, nullptr);
  usleep(100 * 1000);
  ledger = -1; /* @main-write */
  pthread_join(t, nullptr);
  return 0;
}
