#include "util.h"

int scale(int x) {
  int r = 0;
  for (int i = 0; i < x; i++) {
    r += twice(i);
  }
  return r;
}
