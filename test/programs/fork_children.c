// Two processes report: main forks two children one after the other; each child runs the same
// two-thread race on `shared_counter` and exits. Every child has its own TSan runtime, pid,
// thread numbering and "reported N warnings" line; the parent reports nothing.
#include <pthread.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int shared_counter;

__attribute__((noinline)) static void *bump(void *arg) {
  (void)arg;
  shared_counter++; /* @bump */
  return NULL;
}

static int child(void) {
  pthread_t t[2];
  pthread_create(&t[0], NULL, bump, NULL);
  pthread_create(&t[1], NULL, bump, NULL);
  pthread_join(t[0], NULL);
  pthread_join(t[1], NULL);
  return 0;
}

int main(void) {
  for (int i = 0; i < 2; i++) {
    pid_t pid = fork();
    if (pid == 0) return child();
    printf("child %d\n", (int)pid);
    fflush(stdout);
    waitpid(pid, NULL, 0);  // one child at a time: their reports do not interleave
  }
  return 0;
}
