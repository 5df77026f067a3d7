package io.vigil.healthcheck.config;

import java.util.List;

/**
 * The config asks for a check the engine cannot build (a pattern Java's regex engine rejects, an unknown DNS
 * type...). Each problem names the virtual server, the real server and the checker; the daemon refuses to start
 * rather than run with a real server silently unchecked.
 */
public final class HealthConfigException extends Exception {

    private final List<String> problems;

    public HealthConfigException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
