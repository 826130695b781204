// A C++ race seen through templates, a lambda and a function object: a std::thread running a
// lambda bumps metrics::Tally<long>::value, while another std::thread running the Flusher
// functor reads it without a lock.
#include <chrono>
#include <thread>

namespace metrics {
template <typename T>
struct Tally {
  T value{};
  __attribute__((noinline)) void bump(T by) {
    value += by; /* @bump */
  }
};
}  // namespace metrics

static metrics::Tally<long> hits;
static long flushed;

struct Flusher {
  long *sink;
  __attribute__((noinline)) void operator()(int delay_ms) const {
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    *sink = hits.value; /* @flush-read */
  }
};

int main() {
  std::thread counter([] { hits.bump(1); }); /* @lambda */
  std::thread flusher(Flusher{&flushed}, 100); /* @functor */
  counter.join();
  flusher.join();
  return flushed == 1 ? 0 : 1;
}
