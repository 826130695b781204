// heap-use-after-free (virtual call vs free): the painter makes a virtual call through a
// pointer whose object main already deleted. A semaphore makes the painter wait for the
// delete; TSan reports accesses to freed memory whatever the synchronisation. TSan's allocator
// leaves the freed block's bytes in place, so the stale vptr still points at a valid vtable
// and the call itself does not crash.
// gcc does not instrument vptr loads specially, so with gcc both reports are plain
// heap-use-after-free; clang reports the vptr load as "(virtual call vs free)".
#include <pthread.h>
#include <semaphore.h>

struct Shape {
  virtual ~Shape() {}
  virtual int Area() const { return 0; }
};

struct Square : Shape { /* @square */
  int side = 3;
  int Area() const override { return side * side; } /* @area */
};

static Shape *volatile shape;
static sem_t deleted;

static void *Painter(void *) {
  sem_wait(&deleted);
  int a = shape->Area(); /* @virtual-call */
  return reinterpret_cast<void *>(static_cast<long>(a));
}

int main() {
  sem_init(&deleted, 0, 0);
  shape = new Square; /* @new */
  pthread_t t;
  pthread_create(&t, nullptr, Painter, nullptr); /* @create */
  delete shape; /* @delete */
  sem_post(&deleted);
  pthread_join(t, nullptr);
  sem_destroy(&deleted);
  return 0;
}
