package io.hilt.orchestrator.steps;

import io.hilt.orchestrator.config.DeviceProfile;
import io.hilt.probe.elf.ElfFile;
import io.hilt.probe.elf.ElfSymbol;
import io.hilt.probe.elf.Section;
import io.hilt.probe.target.MemoryRegion;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where the stack is, by the rules of docs/stack-painting.md: the profile's {@code stack} when it
 * has one, else the firmware's symbols.
 */
final class StackRegions {
  /** Symbols naming the top of the stack (the initial stack pointer), in order of preference. */
  static final List<String> TOP_SYMBOLS = List.of("_estack", "__StackTop", "__stack");

  /**
   * Symbols naming the lowest address the stack may use, in order of preference. The heap limit
   * comes before the end of the data: a heap between them is not stack.
   */
  static final List<String> BOTTOM_SYMBOLS =
      List.of("_stack_start", "__StackLimit", "__HeapLimit", "_end", "end", "__bss_end__");

  private StackRegions() {}

  /**
   * The stack region of a firmware on a board.
   *
   * @param elf the firmware's ELF, read only when the profile does not fix the stack
   * @param stackPointer the stack pointer after a reset-halt: the top when no symbol names it
   * @throws StackRegionException when no region can be found or it is not inside the board's memory
   */
  static StackRegion resolve(DeviceProfile profile, Supplier<ElfFile> elf, long stackPointer) {
    StackRegion region =
        profile
            .stack()
            .map(
                stack ->
                    aligned(
                        stack.start(),
                        stack.start() + stack.size(),
                        "profile " + profile.name() + " stack"))
            .orElseGet(() -> fromSymbols(elf.get(), stackPointer));
    if (!profile.memory().isEmpty() && !insideMemory(profile.memory(), region)) {
      throw new StackRegionException(
          "stack region "
              + region
              + " is not inside one memory region of profile "
              + profile.name());
    }
    return region;
  }

  private static StackRegion fromSymbols(ElfFile elf, long stackPointer) {
    Optional<String> topSymbol =
        TOP_SYMBOLS.stream().filter(s -> elf.symbol(s).isPresent()).findFirst();
    long top =
        topSymbol.map(s -> elf.symbol(s).map(ElfSymbol::value).orElseThrow()).orElse(stackPointer);
    String topOrigin = topSymbol.orElse("the stack pointer after reset");

    Optional<String> bottomSymbol =
        BOTTOM_SYMBOLS.stream().filter(s -> elf.symbol(s).isPresent()).findFirst();
    long bottom;
    String bottomOrigin;
    if (bottomSymbol.isPresent()) {
      bottom = elf.symbol(bottomSymbol.get()).map(ElfSymbol::value).orElseThrow();
      bottomOrigin = bottomSymbol.get();
    } else {
      Section bss =
          elf.section(".bss")
              .orElseThrow(
                  () ->
                      new StackRegionException(
                          elf.name()
                              + " names no stack bottom (none of "
                              + String.join(", ", BOTTOM_SYMBOLS)
                              + ", and no .bss section); give the profile a stack: { start, size }"));
      bottom = bss.address() + bss.size();
      bottomOrigin = "end of .bss";
    }
    return aligned(bottom, top, "ELF " + bottomOrigin + ".." + topOrigin);
  }

  /** Rounds the bottom up and the top down to whole words. */
  private static StackRegion aligned(long bottom, long top, String origin) {
    long alignedBottom = (bottom + 3) & ~3L;
    long alignedTop = top & ~3L;
    if (alignedBottom >= alignedTop) {
      throw new StackRegionException(
          "stack region from "
              + origin
              + " is empty: bottom "
              + StackRegion.hex(bottom)
              + ", top "
              + StackRegion.hex(top));
    }
    return new StackRegion(alignedBottom, alignedTop, origin);
  }

  private static boolean insideMemory(List<MemoryRegion> memory, StackRegion region) {
    return memory.stream()
        .anyMatch(m -> region.bottom() >= m.start() && region.top() <= m.start() + m.size());
  }
}
