package io.hilt.probe.drivers.probers;

import io.hilt.probe.target.FirmwareImage;
import io.hilt.probe.target.ImageSegment;
import io.hilt.probe.target.TargetException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Remembers which image each board holds, so flashing the same image again is skipped: one file per
 * board ({@code <chip>@<probe selector>.sha256}) in the state directory, holding the SHA-256 of the
 * image's segments (addresses and bytes). The file is removed before a download starts and written
 * only after it succeeded, so an interrupted flash is never taken for a good one.
 */
public final class FlashState {
  private final Path file;

  public FlashState(Path directory, String boardKey) {
    this.file = directory.resolve(boardKey + ".sha256");
  }

  /**
   * The default directory: {@code $XDG_STATE_HOME/hilt/probe-rs}, else {@code
   * ~/.local/state/hilt/probe-rs}.
   */
  public static Path defaultDirectory(Optional<String> xdgStateHome, Path userHome) {
    return xdgStateHome
        .filter(s -> !s.isBlank())
        .map(Path::of)
        .orElse(userHome.resolve(".local/state"))
        .resolve("hilt/probe-rs");
  }

  public Path file() {
    return file;
  }

  /** Lowercase hex SHA-256 over every segment's address, length and bytes. */
  public static String hash(FirmwareImage image) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (ImageSegment s : image.segments()) {
        byte[] data = s.data();
        digest.update(ByteBuffer.allocate(12).putLong(s.address()).putInt(data.length).array());
        digest.update(data);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** Whether the board is recorded as holding exactly this image. */
  public boolean holds(String hash) {
    try {
      return Files.isRegularFile(file)
          && Files.size(file) < 1024
          && Files.readString(file, StandardCharsets.UTF_8).strip().equals(hash);
    } catch (IOException e) {
      return false;
    }
  }

  /** Forgets what the board holds (before a download, or when its flash may have changed). */
  public void forget() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new TargetException("cannot remove the flash state " + file + ": " + e.getMessage(), e);
    }
  }

  /** Records that the board now holds the image with this hash. */
  public void record(String hash) {
    try {
      Files.createDirectories(file.getParent());
      Path temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
      Files.writeString(temp, hash + "\n", StandardCharsets.UTF_8);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new TargetException("cannot write the flash state " + file + ": " + e.getMessage(), e);
    }
  }
}
