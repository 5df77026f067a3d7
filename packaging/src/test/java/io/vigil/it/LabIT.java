package io.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.lab.Lab;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The README's main command: {@code vigil lab} runs, fails over as it says, and leaves nothing behind. */
@Tag("netns")
class LabIT {

    @Test
    void theLabFailsOverAndPrintsItsTimeline() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        String before = io.vigil.core.netns.NetnsLab.run(java.util.List.of("ip", "netns", "list"), true);
        Lab.Result r = new Lab(Lan.vigilLauncher(), new PrintStream(buf, true, StandardCharsets.UTF_8)).run();
        String timeline = buf.toString(StandardCharsets.UTF_8);
        assertThat(timeline).contains("d1 is MASTER", "d2 holds the VIP", "d1 preempted d2", "unanswered");
        assertThat(r.takeoverMs()).as(timeline).isLessThan(Lab.BACKUP_MDI_MS + 300);
        assertThat(r.arpMoved()).as(timeline).isTrue();
        // the client loses the pings of the takeover window, not more: one every 10 ms
        assertThat(r.pingsSent()).as(timeline).isGreaterThan(300);
        assertThat(r.pingsLost()).as(timeline).isLessThan((int) ((r.takeoverMs() + 300) / 10));
        assertThat(io.vigil.core.netns.NetnsLab.run(java.util.List.of("ip", "netns", "list"), true))
                .isEqualTo(before);
    }
}
