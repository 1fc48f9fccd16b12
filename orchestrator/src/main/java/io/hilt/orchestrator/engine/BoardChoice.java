package io.hilt.orchestrator.engine;

import io.hilt.orchestrator.config.DeviceProfile;
import java.util.Objects;

/** The profile a run uses, or why it could not be loaded (reported when a plan runs). */
sealed interface BoardChoice {
  String name();

  record Found(DeviceProfile profile) implements BoardChoice {
    public Found {
      Objects.requireNonNull(profile, "profile");
    }

    @Override
    public String name() {
      return profile.name();
    }
  }

  record Failed(String name, RuntimeException problem) implements BoardChoice {
    public Failed {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(problem, "problem");
    }
  }
}
