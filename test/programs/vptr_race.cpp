// Data race on vptr: Thread1 makes a virtual call on `obj` while Thread2 runs the destructor
// chain, which rewrites the vptr in ~Base. The semaphore keeps the object alive until the
// call is done, so the report is a vptr race and not a use-after-free.
#include <pthread.h>
#include <semaphore.h>
#include <unistd.h>

struct Base {
  Base() { sem_init(&done, 0, 0); }
  virtual void Visit() {}
  void Finish() { sem_post(&done); }
  virtual ~Base() { /* @base-dtor */
    sem_wait(&done);
    sem_destroy(&done);
  }
  sem_t done;
};

struct Derived : Base {
  void Visit() override {}
  ~Derived() override {} /* @derived-dtor */
};

static Base *obj;

static void *Visitor(void *) {
  obj->Visit(); /* @visit */
  obj->Finish();
  return nullptr;
}

static void *Destroyer(void *) {
  usleep(100 * 1000);
  delete obj; /* @delete */
  return nullptr;
}

int main() {
  obj = new Derived; /* @new */
  pthread_t t[2];
  pthread_create(&t[0], nullptr, Visitor, nullptr);
  pthread_create(&t[1], nullptr, Destroyer, nullptr);
  pthread_join(t[0], nullptr);
  pthread_join(t[1], nullptr);
  return 0;
}
