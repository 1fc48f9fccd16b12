/* Shared by both units, so line rows point into a header through the include directory. */
static inline int twice(int x) { return x * 2; }

int scale(int x);
