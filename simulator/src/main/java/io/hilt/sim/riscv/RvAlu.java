package io.hilt.sim.riscv;

/** The M extension's division rules: no trap on divide by zero or signed overflow. */
public final class RvAlu {
  private RvAlu() {}

  /** DIV: x / 0 = -1; MIN / -1 = MIN. */
  public static int div(int a, int b) {
    if (b == 0) {
      return -1;
    }
    if (a == Integer.MIN_VALUE && b == -1) {
      return a;
    }
    return a / b;
  }

  /** DIVU: x / 0 = 2^32 - 1. */
  public static int divu(int a, int b) {
    return b == 0 ? -1 : Integer.divideUnsigned(a, b);
  }

  /** REM: x % 0 = x; MIN % -1 = 0. */
  public static int rem(int a, int b) {
    if (b == 0) {
      return a;
    }
    if (a == Integer.MIN_VALUE && b == -1) {
      return 0;
    }
    return a % b;
  }

  /** REMU: x % 0 = x. */
  public static int remu(int a, int b) {
    return b == 0 ? a : Integer.remainderUnsigned(a, b);
  }
}
