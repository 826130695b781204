// Race on a file descriptor: a logger thread writes to a pipe while main closes it. TSan
// models each descriptor as a memory word, so this is a data race whose location is the
// file descriptor.
#include <pthread.h>
#include <unistd.h>

static int pipe_fds[2];

__attribute__((noinline)) static void *logger(void *arg) {
  (void)arg;
  write(pipe_fds[1], "x", 1); /* @write */
  return NULL;
}

int main(void) {
  pipe(pipe_fds); /* @pipe */
  pthread_t t;
  pthread_create(&t, NULL, logger, NULL); /* @create */
  usleep(200 * 1000);  // orders the two (usually); the pair is reported either way
  close(pipe_fds[1]); /* @close */
  close(pipe_fds[0]);
  pthread_join(t, NULL);
  return 0;
}
