// Signal handler spoils errno: the SIGALRM handler calls close() on a bad descriptor, which
// sets errno, and does not restore it. The signal must arrive asynchronously (TSan does not
// check synchronous signals such as raise()), so main waits for it in usleep().
#include <signal.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t fired;

// TSan reports the handler's entry point: the top frame's line is the `{` line below.
__attribute__((noinline)) static void on_alarm(int sig) { /* @handler */
  (void)sig;
  close(-1);
  fired = 1;
}

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_alarm;
  sigaction(SIGALRM, &sa, NULL);
  ualarm(20 * 1000, 0);
  for (int i = 0; i < 100 && !fired; i++) usleep(10 * 1000); /* @wait */
  return 0;
}
