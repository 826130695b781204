// A data race inside a shared library of our own (supp_shared_lib.c, linked as
// libsuppshared.so with an rpath): plugin_writer_thread calls shared_lib_bump, which writes
// SharedLibCounter; plugin_reader_thread calls shared_lib_peek, which reads it. Frames #0 are
// in libsuppshared.so, frames #1 in the executable.
#include <pthread.h>

void shared_lib_bump(void);
int shared_lib_peek(void);

__attribute__((noinline)) static void *plugin_writer_thread(void *arg) {
  shared_lib_bump();
  return arg;
}

__attribute__((noinline)) static void *plugin_reader_thread(void *arg) {
  (void)arg;
  return (void *)(long)shared_lib_peek();
}

int main(void) {
  pthread_t w, r;
  pthread_create(&w, NULL, plugin_writer_thread, NULL);
  pthread_create(&r, NULL, plugin_reader_thread, NULL);
  pthread_join(w, NULL);
  pthread_join(r, NULL);
  return 0;
}
