// A C++ race whose frames have names full of `::`, `<`, `>`, `(`, spaces and lambdas: a
// std::thread running a lambda calls ledger::detail::Register<unsigned long>::operator+=,
// another std::thread running a lambda calls Register<unsigned long>::peek_total() const, on
// the global SharedRegister. The accesses are ordered with a relaxed atomic (no
// happens-before for TSan): one report per run, the reader's access printed first.
#include <atomic>
#include <thread>

namespace ledger {
namespace detail {
template <typename T>
struct Register {
  T total;
  __attribute__((noinline)) Register &operator+=(T amount) {
    total += amount;
    return *this;
  }
  __attribute__((noinline)) T peek_total() const { return total; }
};
}  // namespace detail
}  // namespace ledger

alignas(64) ledger::detail::Register<unsigned long> SharedRegister;
alignas(64) static std::atomic<int> register_ready;
// gcc finds peek_total() pure and drops calls whose result is unused: keep the result.
static volatile unsigned long seen_total;

int main() {
  std::thread writer([] {
    SharedRegister += 3UL;
    register_ready.store(1, std::memory_order_relaxed);
  });
  std::thread reader([] {
    while (!register_ready.load(std::memory_order_relaxed)) std::this_thread::yield();
    seen_total = SharedRegister.peek_total();
  });
  writer.join();
  reader.join();
  return 0;
}
