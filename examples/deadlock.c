// A potential deadlock: transfer() locks the source account, then the destination. Moving
// money from A to B and later from B to A takes the two locks in opposite orders.
// The threads run one after the other, so the program never hangs, but TSan sees the cycle
// in the lock-order graph and reports a lock-order-inversion.
//
//   cc -fsanitize=thread -g -O1 deadlock.c -o deadlock && ./deadlock
#include <pthread.h>
#include <stdio.h>

struct account {
  pthread_mutex_t lock;
  long balance;
};

static struct account checking = {PTHREAD_MUTEX_INITIALIZER, 500};
static struct account savings = {PTHREAD_MUTEX_INITIALIZER, 1000};

static void transfer(struct account *from, struct account *to, long amount) {
  pthread_mutex_lock(&from->lock);
  pthread_mutex_lock(&to->lock);
  from->balance -= amount;
  to->balance += amount;
  pthread_mutex_unlock(&to->lock);
  pthread_mutex_unlock(&from->lock);
}

static void *save(void *arg) {
  (void)arg;
  transfer(&checking, &savings, 100);
  return NULL;
}

static void *spend(void *arg) {
  (void)arg;
  transfer(&savings, &checking, 50);
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, save, NULL);
  pthread_join(t, NULL);
  pthread_create(&t, NULL, spend, NULL);
  pthread_join(t, NULL);
  printf("checking %ld, savings %ld\n", checking.balance, savings.balance);
  return 0;
}
