// Triage matrix: a C++ member raced through methods of a class template. ledger::Box<long>::put
// writes value_ while ledger::Box<long>::get reads it. The methods are defined in the class
// (implicitly inline, no noinline): from -O1 on they exist only as inlined frames.
//
//   matrix_box box <a|b>
//
// Path `a`: captureless lambdas call put (in a thread), then get (in main). Path `b`: function
// templates call get (in a thread) first, then put (in main).
#include <pthread.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

namespace ledger {

template <typename T>
class Box {
 public:
  void put(T v) {
    value_ = v;
  }

  T get() const {
    return value_;
  }

 private:
  T header_[7] = {};
  T value_{};
};

}  // namespace ledger

namespace {

int step;

void signal_step(int n) {
  __atomic_store_n(&step, n, __ATOMIC_RELAXED);
}

void wait_step(int n) {
  while (__atomic_load_n(&step, __ATOMIC_RELAXED) < n) usleep(500);
}

ledger::Box<long> *shared_box;

using action_fn = long (*)();

void *first_in_thread(void *arg) {
  action_fn first = *static_cast<action_fn *>(arg);
  long r = first();
  signal_step(1);
  return reinterpret_cast<void *>(r);
}

__attribute__((noinline)) long race(action_fn first, action_fn second) {
  pthread_t t;
  pthread_create(&t, nullptr, first_in_thread, &first);
  wait_step(1);
  long r = second();
  void *ret;
  pthread_join(t, &ret);
  return r + reinterpret_cast<long>(ret);
}

// The templates read `shared_box` themselves rather than take the box as a parameter: gcc's
// IPA-SRA (-O2) would otherwise load `value_` in the caller and pass the value, and the read
// would no longer be in `get` (nor in any frame inlined into it).
template <typename T>
__attribute__((noinline)) long restock() {
  shared_box->put(static_cast<T>(40));
  return 1;
}

template <typename T>
__attribute__((noinline)) long inventory() {
  return static_cast<long>(shared_box->get()) + 2;
}

long restock_shared() {
  return restock<long>() + 3;
}

long inventory_shared() {
  return inventory<long>() + 4;
}

}  // namespace

int main(int argc, char **argv) {
  if (argc != 3 || std::strcmp(argv[1], "box") != 0 ||
      (std::strcmp(argv[2], "a") != 0 && std::strcmp(argv[2], "b") != 0)) {
    std::fprintf(stderr, "usage: %s box <a|b>\n", argv[0]);
    return 2;
  }
  shared_box = new ledger::Box<long>();
  long r;
  if (argv[2][0] == 'b') {
    r = race(inventory_shared, restock_shared);
  } else {
    r = race(
        []() -> long {
          shared_box->put(7);
          return 0;
        },
        []() -> long { return shared_box->get(); });
  }
  std::printf("box/%s: %ld\n", argv[2], r);
  delete shared_box;
  return 0;
}
