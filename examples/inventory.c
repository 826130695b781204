// An inventory service with three different races, so its log has three reports:
//   1. a global counter bumped by two workers without synchronisation (global location);
//   2. a heap-allocated stock record updated under a lock by one thread and without it by
//      another (heap location, mutex held);
//   3. a receipt buffer freed by one thread and written by main after joining it
//      (heap-use-after-free: TSan reports it even though the join orders the two).
//
//   cc -fsanitize=thread -g -O1 inventory.c -o inventory && ./inventory
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct stock {
  int count;
  char sku[12];
};

long orders_processed;
static struct stock *widgets;
static pthread_mutex_t stock_lock = PTHREAD_MUTEX_INITIALIZER;
static char *receipt;

static void *order_worker(void *arg) {
  (void)arg;
  orders_processed++;  // race 1
  pthread_mutex_lock(&stock_lock);
  widgets->count--;  // race 2 (this side holds the lock)
  pthread_mutex_unlock(&stock_lock);
  return NULL;
}

static void *restock_worker(void *arg) {
  (void)arg;
  usleep(50 * 1000);
  orders_processed++;  // race 1
  widgets->count += 10;  // race 2 (no lock)
  free(receipt);  // race 3: main writes the receipt after joining this thread
  return NULL;
}

int main(void) {
  widgets = calloc(1, sizeof *widgets);
  strcpy(widgets->sku, "WID-0001");
  receipt = malloc(64);
  pthread_t t[2];
  pthread_create(&t[0], NULL, order_worker, NULL);
  pthread_create(&t[1], NULL, restock_worker, NULL);
  pthread_join(t[1], NULL);
  receipt[0] = 'T';  // race 3: the restock worker freed it
  pthread_join(t[0], NULL);
  printf("orders: %ld, widgets: %d\n", orders_processed, widgets->count);
  free(widgets);
  return 0;
}
