// One report of each non-race family in one run, each through functions of its own:
//   1. unlock of an unlocked mutex: release_unheld_registry unlocks the global RegistryMutex;
//   2. lock-order inversion: lock_ledger_then_audit (main) takes LedgerMutex then AuditMutex,
//      audit_thread_body later takes them the other way round (one after the other: no deadlock);
//   3. signal-unsafe call: the SIGUSR1 handler on_usr1_allocate calls malloc;
//   4. signal handler spoils errno: the SIGALRM handler on_alarm_spoil_errno calls close(-1);
//   5. thread leak: spawn_leaky_worker starts leaky_worker_body and nobody joins it.
#include <dirent.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

pthread_mutex_t RegistryMutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t LedgerMutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t AuditMutex = PTHREAD_MUTEX_INITIALIZER;
static char *volatile usr1_block;
static volatile sig_atomic_t alarm_fired;

__attribute__((noinline)) static void release_unheld_registry(void) {
  pthread_mutex_unlock(&RegistryMutex);
}

__attribute__((noinline)) static void lock_ledger_then_audit(void) {
  pthread_mutex_lock(&LedgerMutex);
  pthread_mutex_lock(&AuditMutex);
  pthread_mutex_unlock(&AuditMutex);
  pthread_mutex_unlock(&LedgerMutex);
}

__attribute__((noinline)) static void *audit_thread_body(void *arg) {
  pthread_mutex_lock(&AuditMutex);
  pthread_mutex_lock(&LedgerMutex);
  pthread_mutex_unlock(&LedgerMutex);
  pthread_mutex_unlock(&AuditMutex);
  return arg;
}

__attribute__((noinline)) static void run_lock_order_scenario(void) {
  lock_ledger_then_audit();
  pthread_t t;
  pthread_create(&t, NULL, audit_thread_body, NULL);
  pthread_join(t, NULL);
}

__attribute__((noinline)) static void on_usr1_allocate(int sig) {
  (void)sig;
  usr1_block = malloc(32);
}

__attribute__((noinline)) static void deliver_usr1_signal(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_usr1_allocate;
  sigaction(SIGUSR1, &sa, NULL);
  raise(SIGUSR1);
  free(usr1_block);
}

// TSan checks errno only for asynchronous signals: main waits for the alarm in usleep().
__attribute__((noinline)) static void on_alarm_spoil_errno(int sig) {
  (void)sig;
  close(-1);
  alarm_fired = 1;
}

__attribute__((noinline)) static void await_alarm_signal(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_alarm_spoil_errno;
  sigaction(SIGALRM, &sa, NULL);
  ualarm(10 * 1000, 0);
  for (int i = 0; i < 200 && !alarm_fired; i++) usleep(5 * 1000);
}

__attribute__((noinline)) static void *leaky_worker_body(void *arg) {
  return arg;
}

static int count_tasks(void) {
  int n = 0;
  DIR *dir = opendir("/proc/self/task");
  if (!dir) return -1;
  for (struct dirent *e; (e = readdir(dir)) != NULL;) n += e->d_name[0] != '.';
  closedir(dir);
  return n;
}

// Only finished threads count as leaked: wait until the worker's task is gone (TSan marks the
// thread finished before it exits), whatever the scheduling.
__attribute__((noinline)) static void spawn_leaky_worker(void) {
  int before = count_tasks();
  pthread_t t;
  pthread_create(&t, NULL, leaky_worker_body, NULL);
  for (int i = 0; i < 2000 && count_tasks() > before; i++) usleep(1000);
}

int main(void) {
  release_unheld_registry();
  run_lock_order_scenario();
  deliver_usr1_signal();
  await_alarm_signal();
  spawn_leaky_worker();
  return 0;
}
