package io.vigil.kernel.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.kernel.ipvs.IpvsTable;
import io.vigil.kernel.reconcile.Datapaths.Choice;
import org.junit.jupiter.api.Test;

class DatapathsTest {

    @Test
    void choicesParse() {
        assertThat(Choice.parse("IPVS")).isEqualTo(Choice.IPVS);
        assertThat(Choice.parse(" nftables")).isEqualTo(Choice.NFTABLES);
        assertThat(Choice.parse("nft")).isEqualTo(Choice.NFTABLES);
        assertThat(Choice.parse("auto")).isEqualTo(Choice.AUTO);
        assertThatThrownBy(() -> Choice.parse("iptables")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("datapath must be ipvs, nftables or auto, not 'iptables'");
    }

    @Test
    void autoIsIpvsExactlyWhenTheKernelHasIt() {
        assertThat(Datapaths.resolve(Choice.AUTO)).isEqualTo(IpvsTable.available() ? Choice.IPVS : Choice.NFTABLES);
        assertThat(Datapaths.resolve(Choice.NFTABLES)).isEqualTo(Choice.NFTABLES);
        assertThat(Datapaths.resolve(Choice.IPVS)).isEqualTo(Choice.IPVS);
    }
}
