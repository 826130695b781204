// Signal-unsafe call inside of a signal: the SIGUSR1 handler allocates with malloc().
#include <signal.h>
#include <stdlib.h>
#include <string.h>

static char *volatile last_message;

__attribute__((noinline)) static void on_usr1(int sig) {
  (void)sig;
  last_message = malloc(32); /* @malloc */
}

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_usr1;
  sigaction(SIGUSR1, &sa, NULL);
  raise(SIGUSR1); /* @raise */
  free(last_message);
  return 0;
}
