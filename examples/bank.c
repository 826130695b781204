// A tiny bank with one data race, for trying racelens on a real ThreadSanitizer report.
//
// The teller thread deposits under the account's lock; the interest job adds interest
// without taking it. Both threads name themselves, so the report shows 'teller' and
// 'interest'. The account lives on the heap, so the report has a heap location.
//
//   cc -fsanitize=thread -g -O1 bank.c -o bank && ./bank
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

struct account {
  pthread_mutex_t lock;
  long balance;
};

static struct account *account;

static void deposit(struct account *a, long amount) {
  pthread_mutex_lock(&a->lock);
  a->balance += amount;
  pthread_mutex_unlock(&a->lock);
}

static void *teller(void *arg) {
  (void)arg;
  pthread_setname_np(pthread_self(), "teller");
  for (int i = 0; i < 3; i++) deposit(account, 100);
  return NULL;
}

static void add_interest(struct account *a) {
  a->balance += a->balance / 100;  // BUG: no lock
}

static void *interest_job(void *arg) {
  (void)arg;
  pthread_setname_np(pthread_self(), "interest");
  usleep(50 * 1000);
  add_interest(account);
  return NULL;
}

int main(void) {
  account = calloc(1, sizeof *account);
  pthread_mutex_init(&account->lock, NULL);
  pthread_t t[2];
  pthread_create(&t[0], NULL, teller, NULL);
  pthread_create(&t[1], NULL, interest_job, NULL);
  pthread_join(t[0], NULL);
  pthread_join(t[1], NULL);
  printf("balance: %ld\n", account->balance);
  pthread_mutex_destroy(&account->lock);
  free(account);
  return 0;
}
