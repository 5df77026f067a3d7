package io.vigil.lab;

import io.vigil.core.netns.NetnsLab;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Debian's Prometheus in a lab namespace, scraping the directors every second with vigil's shipped alert rules,
 * and questions to its HTTP API. Used by {@code vigil lab} and the alerting tests.
 */
public final class PrometheusServer {

    static final Path BINARY = Path.of("/usr/bin/prometheus");

    /** A firing or pending alert: its name, labels and since when it is active. */
    public record Alert(String name, String state, Map<String, String> labels, Instant activeAt) {
    }

    private final String namespace;
    private final String address;
    private final Process process;

    private PrometheusServer(String namespace, String address, Process process) {
        this.namespace = namespace;
        this.address = address;
        this.process = process;
    }

    /**
     * Starts Prometheus in {@code host}'s namespace, listening on {@code address}:9090, its config and data in
     * {@code dir}.
     *
     * @param targets host label to {@code ADDR:PORT} of its /metrics
     */
    public static PrometheusServer start(NetnsLab lab, String host, String address, Path dir, Path rules,
                                  Map<String, String> targets) throws IOException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: install Debian's prometheus package");
        }
        StringBuilder static_ = new StringBuilder();
        targets.forEach((name, target) -> static_.append("""
                      - targets: ['%s']
                        labels: {host: %s}
                """.formatted(target, name)));
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files:
                  - %s
                scrape_configs:
                  - job_name: vigil
                    static_configs:
                %s""".formatted(rules, static_));
        Process p = lab.start(host, dir.resolve("prometheus.log"), BINARY.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("prometheus-data"), "--web.listen-address=" + address + ":9090");
        return new PrometheusServer(lab.ns(host), address, p);
    }

    /** The Prometheus process (the lab's {@link NetnsLab} kills it at the end). */
    public Process process() {
        return process;
    }

    private Map<?, ?> api(String path) {
        Http.Response r = Http.get(namespace, address, 9090, path, 2000);
        if (!r.ok()) {
            return Map.of();
        }
        Object parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(r.body());
        return parsed instanceof Map<?, ?> m ? m : Map.of();
    }

    /** The value of an instant query that yields one number, or NaN (no answer yet, or no such series). */
    public double scalar(String expression) {
        Map<?, ?> m = api("/api/v1/query?query=" + URLEncoder.encode(expression, StandardCharsets.UTF_8));
        if (m.get("data") instanceof Map<?, ?> data && data.get("result") instanceof List<?> result
                && result.size() == 1 && result.get(0) instanceof Map<?, ?> first
                && first.get("value") instanceof List<?> value && value.size() == 2) {
            return Double.parseDouble(String.valueOf(value.get(1)));
        }
        return Double.NaN;
    }

    /** Every alert Prometheus holds now (pending or firing). */
    public List<Alert> alerts() {
        Map<?, ?> m = api("/api/v1/alerts");
        if (!(m.get("data") instanceof Map<?, ?> data) || !(data.get("alerts") instanceof List<?> list)) {
            return List.of();
        }
        return list.stream().filter(Map.class::isInstance).map(Map.class::cast).map(a -> {
            Map<String, String> labels = new java.util.TreeMap<>();
            if (a.get("labels") instanceof Map<?, ?> l) {
                l.forEach((k, v) -> labels.put(String.valueOf(k), String.valueOf(v)));
            }
            Object at = a.get("activeAt");
            return new Alert(labels.getOrDefault("alertname", "?"), String.valueOf(a.get("state")), labels,
                    at == null ? null : Instant.parse(String.valueOf(at)));
        }).toList();
    }
}
