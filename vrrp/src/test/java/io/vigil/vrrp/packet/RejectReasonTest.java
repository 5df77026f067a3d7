package io.vigil.vrrp.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RejectReasonTest {

    /** The labels are a public interface (metrics, alert rules): renaming one must be a deliberate change here. */
    @Test
    void labelsAreStable() {
        assertThat(Arrays.stream(RejectReason.values()).map(RejectReason::label)).containsExactly(
                "truncated", "ip_header", "ip_header_checksum", "ip_version", "protocol", "ttl", "packet_length",
                "version", "type", "address_family", "checksum", "unknown_vrid", "address_count_zero",
                "interval_zero", "first_address_not_link_local", "auth_type_invalid", "version_mismatch",
                "family_mismatch", "unexpected_multicast", "unexpected_unicast", "unicast_source", "auth_mismatch",
                "auth_failure", "interval_mismatch", "address_list_mismatch", "local_owner");
    }

    @Test
    void labelsAreUniqueLowercaseSnakeCase() {
        List<String> labels = Arrays.stream(RejectReason.values()).map(RejectReason::label).toList();
        assertThat(labels).doesNotHaveDuplicates().allMatch(l -> l.matches("[a-z][a-z0-9]*(_[a-z0-9]+)*"));
    }

    /** Every reason is produced by at least one scenario of the decoder and expectation tests. */
    @Test
    void everyReasonIsProducedByATestScenario() {
        Set<RejectReason> produced = EnumSet.noneOf(RejectReason.class);
        VrrpDecoderRejectTest.cases().forEach(c -> {
            DecodeResult r = VrrpDecoder.decode(c.packet(), c.options());
            if (r instanceof DecodeResult.Rejected rejected) {
                produced.add(rejected.reason());
            }
        });
        ReceiveExpectationsTest.rows().forEach(row -> {
            ReceiveVerdict v = row.expectations().check(row.packet());
            if (v instanceof ReceiveVerdict.Discard d) {
                produced.add(d.reason());
            } else if (v instanceof ReceiveVerdict.AcceptWithWarnings w) {
                w.warnings().forEach(x -> produced.add(x.reason()));
            }
        });
        Set<RejectReason> missing = EnumSet.complementOf(EnumSet.copyOf(produced));
        assertThat(missing).as("reasons no scenario produces: %s",
                missing.stream().map(RejectReason::label).collect(Collectors.joining(", "))).isEmpty();
    }

    @Test
    void stagesSeparateDecoderAndInstanceReasons() {
        assertThat(RejectReason.CHECKSUM.stage()).isEqualTo(RejectReason.Stage.PACKET);
        assertThat(RejectReason.UNKNOWN_VRID.stage()).isEqualTo(RejectReason.Stage.PACKET);
        assertThat(RejectReason.AUTH_FAILURE.stage()).isEqualTo(RejectReason.Stage.INSTANCE);
    }
}
