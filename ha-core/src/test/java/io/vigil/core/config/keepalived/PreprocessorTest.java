package io.vigil.core.config.keepalived;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.config.Diagnostic;
import io.vigil.core.config.ShellWords;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The grammar of keepalived.conf(5) ADVANCED CONFIGURATION and DESCRIPTION, tested against the man page's own
 * examples: each expands to exactly what the man page says it produces.
 */
class PreprocessorTest {

    @TempDir
    Path dir;

    private List<String> lines(String conf, String id) {
        Ka.Pre p = Ka.preprocess(dir, conf, id);
        assertThat(p.diagnostics()).as("diagnostics").isEmpty();
        return p.lines();
    }

    // ------------------------------------------------------------------------------ conditional configuration

    private static final String CONDITIONAL = """
            global_defs {
                @main   router_id main_router
                @backup router_id backup_router
            }
            vrrp_instance VRRP {
                @main    unicast_src_ip 1.2.3.4
                @backup  unicast_src_ip 1.2.3.5
                @backup2 unicast_src_ip 1.2.3.6
                unicast_peer {
                    @^main    1.2.3.4
                    @^backup  1.2.3.5
                    @^backup2 1.2.3.6
                }
            }
            """;

    @Test
    void conditionalLinesFollowTheConfigIdAsInTheManPage() {
        assertThat(lines(CONDITIONAL, "main")).containsExactly("global_defs", "{", "router_id main_router", "}",
                "vrrp_instance VRRP", "{", "unicast_src_ip 1.2.3.4", "unicast_peer", "{", "1.2.3.5", "1.2.3.6", "}",
                "}");
        assertThat(lines(CONDITIONAL, "backup")).contains("router_id backup_router", "unicast_src_ip 1.2.3.5")
                .doesNotContain("router_id main_router", "1.2.3.5");
        List<String> other = lines(CONDITIONAL, "other");
        assertThat(other).noneMatch(l -> l.startsWith("router_id") || l.startsWith("unicast_src_ip"));
        assertThat(other).contains("1.2.3.4", "1.2.3.5", "1.2.3.6");
    }

    @Test
    void aConditionalWithNothingAfterTheIdDropsTheLine() {
        assertThat(lines("@main\nrouter_id x\n", "main")).containsExactly("router_id x");
    }

    // ---------------------------------------------------------------------------------- parameter substitution

    @Test
    void parametersAreSubstitutedAtUseTimeRecursively() {
        String conf = """
                $ADDRESS_BASE=10.2.${ADDRESS_BASE_SUB}
                $ADDRESS_BASE_SUB=0
                ${ADDRESS_BASE}.100/32
                $ADDRESS_BASE_SUB=10
                ${ADDRESS_BASE}.100/32
                """;
        assertThat(lines(conf, "x")).containsExactly("10.2.0.100/32", "10.2.10.100/32");
    }

    @Test
    void parametersWorkWithConditionalConfiguration() {
        String conf = """
                @main $PRIORITY=240
                @backup $PRIORITY=200
                vrrp_instance VI_0 {
                    priority $PRIORITY
                }
                """;
        assertThat(lines(conf, "main")).containsExactly("vrrp_instance VI_0", "{", "priority 240", "}");
        assertThat(lines(conf, "backup")).contains("priority 200");
    }

    @Test
    void aParameterCanHoldAConditional() {
        String conf = "$IF_MAIN=@main\n$IF_MAIN priority 240\n";
        assertThat(lines(conf, "main")).containsExactly("priority 240");
        assertThat(lines(conf, "backup")).isEmpty();
    }

    @Test
    void anUndefinedParameterIsLeftAlone() {
        assertThat(lines("script \"/bin/x ${UNDEF_PARAMETER} $HOME\"\n", "x"))
                .containsExactly("script \"/bin/x ${UNDEF_PARAMETER} $HOME\"");
    }

    @Test
    void withoutBracesAParameterMustBeFollowedByWhiteSpace() {
        assertThat(lines("$A=1\nx $A $Ab ${A}b $A,$A)\n", "x")).containsExactly("x 1 $Ab 1b 1,1)");
    }

    @Test
    void aSelfReferringParameterIsAnErrorNotAHang() {
        Ka.Pre p = Ka.preprocess(dir, "$A=x${A}\nfoo ${A}\nbar\n", "x");
        assertThat(p.messages()).anyMatch(m -> m.contains("keepalived.conf:2:5: error: ")
                && m.contains("does $A refer to itself?"));
        assertThat(p.lines()).containsExactly("bar");
    }

    // ------------------------------------------------------------------------------------ multiline definitions

    @Test
    void theManPageMultilineInstanceExpandsOncePerUse() {
        String conf = """
                $INSTANCE= \\
                vrrp_instance VI_${NUM} { \\
                    interface eth0.${NUM} \\
                    use_vmac vrrp${NUM}.1 \\
                    virtual_router_id 1 \\
                    @high priority 130 \\
                    @low priority 120 \\
                    advert_int 1 \\
                    virtual_ipaddress { \\
                        10.0.${NUM}.254/24 \\
                    } \\
                    track_script { \\
                        offset_instance_${NUM} \\
                    } \\
                }

                $NUM=0
                $INSTANCE

                $NUM=1
                $INSTANCE
                """;
        List<String> one = List.of("vrrp_instance VI_%s", "{", "interface eth0.%s", "use_vmac vrrp%s.1",
                "virtual_router_id 1", "priority 130", "advert_int 1", "virtual_ipaddress", "{", "10.0.%s.254/24",
                "}", "track_script", "{", "offset_instance_%s", "}", "}");
        List<String> expected = new ArrayList<>();
        for (String n : List.of("0", "1")) {
            one.forEach(l -> expected.add(l.replace("%s", n)));
        }
        assertThat(lines(conf, "high")).containsExactlyElementsOf(expected);
    }

    /** The man page's nested example without the empty lines it shows inside the definition. */
    static final String NESTED_RS_VS = """
            $RS= \\
            real_server 192.168.${VS_NUM}.${RS_NUM} 80 { \\
                weight 1 \\
                inhibit_on_failure \\
                smtp_alert \\
                MISC_CHECK { \\
                    misc_path "${_PWD}/scripts/vs.sh RS_misc.${INST}.${VS_NUM}.${RS_NUM}.0 10.0.${VS_NUM}.4:80->192.168.${VS_NUM}.${RS_NUM}:80" \\
                } \\
                MISC_CHECK { \\
                    misc_path "${_PWD}/scripts/vs.sh RS_misc.${INST}.${VS_NUM}.${RS_NUM}.1 10.0.${VS_NUM}.4:80->192.168.${VS_NUM}.${RS_NUM}:80" \\
                } \\
                notify_up "${_PWD}/scripts/notify.sh RS_notify.${INST}.${VS_NUM}.${RS_NUM} UP 10.0.${VS_NUM}.4:80->192.168.${VS_NUM}.${RS_NUM}:80" \\
                notify_down "${_PWD}/scripts/notify.sh RS_notify.${INST}.${VS_NUM}.${RS_NUM} DOWN 10.0.${VS_NUM}.4:80->192.168.${VS_NUM}.${RS_NUM}:80" \\
            }

            $VS= \\
            virtual_server 10.0.${VS_NUM}.4 80 { \\
                quorum 2 \\
                quorum_up "${_PWD}/scripts/notify.sh VS_notify.${INST} UP 10.0.${VS_NUM}.4:80" \\
                quorum_down "${_PWD}/scripts/notify.sh VS_notify.${INST} DOWN 10.0.${VS_NUM}.4:80" \\
                $RS_NUM=1 \\
                $RS \\
                $RS_NUM=2 \\
                $RS \\
                $RS_NUM=3 \\
                $RS \\
            }

            $VS_NUM=0
            $ALPHA=alpha
            $VS

            $VS_NUM=1
            $ALPHA=
            $VS
            """;

    @Test
    void nestedMultilineDefinitionsGiveTwoVirtualServersOfThreeRealServers() {
        List<String> l = lines(NESTED_RS_VS, "x");
        assertThat(l.stream().filter(s -> s.startsWith("virtual_server "))).containsExactly(
                "virtual_server 10.0.0.4 80", "virtual_server 10.0.1.4 80");
        assertThat(l.stream().filter(s -> s.startsWith("real_server "))).containsExactly(
                "real_server 192.168.0.1 80", "real_server 192.168.0.2 80", "real_server 192.168.0.3 80",
                "real_server 192.168.1.1 80", "real_server 192.168.1.2 80", "real_server 192.168.1.3 80");
        assertThat(l).contains("misc_path \"" + dir.toAbsolutePath()
                + "/scripts/vs.sh RS_misc.${INST}.1.3.1 10.0.1.4:80->192.168.1.3:80\"");
        assertThat(l.stream().filter("{"::equals).count()).isEqualTo(l.stream().filter("}"::equals).count());
    }

    @Test
    void anEmptyLineEndsAMultilineDefinitionAsInKeepalivedWithAWarning() {
        String conf = "$RS= \\\nreal_server 1.2.3.4 80 { \\\n\n    weight 1\n}\n";
        Ka.Pre p = Ka.preprocess(dir, conf, "x");
        assertThat(p.messages()).singleElement().asString().startsWith("keepalived.conf:3:1: warning: this empty"
                + " line ends the multiline definition of $RS begun at line 1");
        assertThat(p.lines()).containsExactly("weight 1", "}");
    }

    // -------------------------------------------------------------------------------------- sequences, lists

    @Test
    void seqExampleOfTheManPage() {
        assertThat(lines("~SEQ(SUBNET, 0, 3) ip_address 10.0.${SUBNET}.1\n", "x")).containsExactly(
                "ip_address 10.0.0.1", "ip_address 10.0.1.1", "ip_address 10.0.2.1", "ip_address 10.0.3.1");
    }

    @Test
    void seqxExamplesOfTheManPage() {
        List<String> expected = List.of("ip_address fe80::20:90:1", "ip_address fe80::20:a0:1",
                "ip_address fe80::20:b0:1", "ip_address fe80::20:c0:1");
        assertThat(lines("~SEQx(SUBNET, 144, 16, 192) ip_address fe80::20:${SUBNET}:1\n", "x"))
                .containsExactlyElementsOf(expected);
        assertThat(lines("~SEQx(SUBNET, 0x90, 0x10, 0xc0) ip_address fe80::20:${SUBNET}:1\n", "x"))
                .containsExactlyElementsOf(expected);
    }

    @Test
    void twoSeqsOnOneLineNest() {
        List<String> l = lines("virtual_ipaddress {\n ~SEQx(AD2, 0x90, 0x10, 0xc0) ~SEQx(AD1, 0x12, -1, 0x0c)"
                + " fe81::10:${AD2}:${AD1}\n}\n", "x");
        List<String> expected = new ArrayList<>(List.of("virtual_ipaddress", "{"));
        for (String a2 : List.of("90", "a0", "b0", "c0")) {
            for (int a1 = 0x12; a1 >= 0x0c; a1--) {
                expected.add("fe81::10:" + a2 + ":" + Integer.toHexString(a1));
            }
        }
        expected.add("}");
        assertThat(l).containsExactlyElementsOf(expected);
    }

    @Test
    void seqDefaults() {
        assertThat(lines("~SEQ(i, 3) x$i\n", "x")).containsExactly("x1", "x2", "x3");
        assertThat(lines("~SEQ(i, -2) x$i\n", "x")).containsExactly("x-1", "x-2");
        assertThat(lines("~SEQ(i, 5, 3) x$i\n", "x")).containsExactly("x5", "x4", "x3");
    }

    @Test
    void badSeqsAreErrors() {
        Ka.Pre p = Ka.preprocess(dir, "~SEQ(i, 1, -1, 5) x\n~SEQx(i, -1, 3) y\n~SEQ i\n", "x");
        assertThat(p.messages()).hasSize(3).allMatch(m -> m.contains(": error: "));
        assertThat(p.lines()).isEmpty();
    }

    @Test
    void lstExamplesOfTheManPage() {
        assertThat(lines("~LST({IP, IP1}, {10,1},{20,4},{5,6},{12,8}) 192.168.${IP}.${IP1}\n", "x"))
                .containsExactly("192.168.10.1", "192.168.20.4", "192.168.5.6", "192.168.12.8");
        List<String> nested = new ArrayList<>();
        for (String ip : List.of("1", "2", "3", "4")) {
            for (String ip1 : List.of("5", "6", "7")) {
                nested.add("192.169." + ip + "." + ip1);
            }
        }
        assertThat(lines("~LST(IP, 1, 2, 3, 4) ~LST(IP1, 5,6,7) 192.169.${IP}.${IP1}\n", "x"))
                .containsExactlyElementsOf(nested);
        assertThat(lines("~LST({IP,   IP1},  {10,1},{20,4},{5,6},{12,8})  ~SEQ(IP2,168,2,172) "
                + "192.${IP2}.${IP}.${IP1}\n", "x")).containsExactly(
                "192.168.10.1", "192.170.10.1", "192.172.10.1", "192.168.20.4", "192.170.20.4", "192.172.20.4",
                "192.168.5.6", "192.170.5.6", "192.172.5.6", "192.168.12.8", "192.170.12.8", "192.172.12.8");
    }

    // ----------------------------------------------------------------------------------- predefined parameters

    @Test
    void predefinedParameters() {
        Path f = Ka.write(dir, "sub/k.conf", "a ${_PWD}\nb ${_INSTANCE}\nc \"${_HASH}x ${_BANG}y\"\n"
                + "d ${_RANDOM 7 7}\ne ${_RANDOM}\nf 5${_HASH} comment\n");
        List<String> l = Ka.preprocess(f, "node1").lines();
        assertThat(l.subList(0, 4)).containsExactly("a " + dir.resolve("sub").toAbsolutePath(), "b node1",
                "c \"#x !y\"", "d 7");
        assertThat(Integer.parseInt(l.get(4).substring(2))).isBetween(0, 32767);
        // outside quotes keepalived 2.2.7 strips comments again after substitution, so ${_HASH} starts one
        // (checked with keepalived -t: "virtual_router_id 5${_HASH}" is read as 5)
        assertThat(l.get(5)).isEqualTo("f 5");
    }

    // --------------------------------------------------------------------------------------- comments, quotes

    @Test
    void commentsStartAnywhereOutsideQuotes() {
        assertThat(lines("""
                ! a comment
                # another
                router_id r1 # trailing
                notify "/bin/x #not a comment" ! but this is
                script "a!b" \\# \\!
                """, "x")).containsExactly("router_id r1", "notify \"/bin/x #not a comment\"",
                "script \"a!b\" # !");
    }

    @Test
    void quotedStringsOfTheManPage() {
        assertThat(ShellWords.split("abcd\" efg h jkl \"mnop")).containsExactly("abcd efg h jkl mnop");
        assertThat(ShellWords.split("abcd \"efg h jkl\" mnop")).containsExactly("abcd", "efg h jkl", "mnop");
        assertThat(ShellWords.split("a\\tb \\x41\\102 \\cA \\\\ \\\" 'x \"y\" z'"))
                .containsExactly("a\tb", "AB", "\u0001", "\\", "\"", "x \"y\" z");
    }

    @Test
    void aDoubleQuotedWordIsOneToken() {
        Path f = Ka.write(dir, "q.conf", "notify_master \"/bin/x.sh a b\" root\n");
        Preprocessor p = new Preprocessor(f, "q.conf", new io.vigil.core.config.LoadOptions("x"),
                new io.vigil.core.config.Diagnostics());
        Line l = p.next();
        assertThat(l.tokens()).extracting(Token::text).containsExactly("notify_master", "/bin/x.sh a b", "root");
        assertThat(l.tokens()).extracting(t -> t.location().column()).containsExactly(1, 15, 31);
    }

    // ----------------------------------------------------------------------------------------------- braces

    @Test
    void bracesSplitLinesAnywhere() {
        assertThat(lines("vrrp_instance X { state MASTER }\nvirtual_ipaddress{1.2.3.4}\n", "x")).containsExactly(
                "vrrp_instance X", "{", "state MASTER", "}", "virtual_ipaddress", "{", "1.2.3.4", "}");
        assertThat(lines("script \"a{b}\"\n", "x")).containsExactly("script \"a{b}\"");
    }

    // ---------------------------------------------------------------------------------------------- include

    @Test
    void includeIsRelativeToTheIncludingFileAndGlobs() {
        Ka.write(dir, "conf.d/b.conf", "include ../inc/c.conf\nb\n");
        Ka.write(dir, "conf.d/a.conf", "a\n");
        Ka.write(dir, "conf.d/x.txt", "not included\n");
        Ka.write(dir, "inc/c.conf", "c\n");
        Ka.write(dir, "one.conf", "one\n");
        Ka.write(dir, "two.conf", "two\n");
        assertThat(lines("top\ninclude conf.d/*.conf\ninclude {one,two}.conf\nend\n", "x"))
                .containsExactly("top", "a", "c", "b", "one", "two", "end");
    }

    @Test
    void aMissingIncludeIsAWarningLikeKeepalivedButAnErrorWithIncludea() {
        Ka.Pre p = Ka.preprocess(dir, "include nope.conf\nincludea nope2.conf\ninclude none/*.conf\nx\n", "x");
        assertThat(p.lines()).containsExactly("x");
        assertThat(p.messages()).containsExactly(
                "keepalived.conf:1:9: warning: included file 'nope.conf' does not exist",
                "keepalived.conf:2:10: error: included file 'nope2.conf' does not exist",
                "keepalived.conf:3:9: warning: included file 'none/*.conf' does not exist");
    }

    @Test
    void anIncludeCycleIsAnErrorNotARecursion() {
        Ka.write(dir, "a.conf", "include b.conf\na\n");
        Ka.write(dir, "b.conf", "include a.conf\nb\n");
        Ka.Pre p = Ka.preprocess(dir, "include a.conf\nmain\n", "x");
        assertThat(p.lines()).containsExactly("b", "a", "main");
        assertThat(p.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.isError()).isTrue();
            assertThat(d.message()).contains("include cycle").contains("a.conf -> ").contains("b.conf");
        });
    }

    @Test
    void positionsNameTheFileLineAndColumnOfIncludedText() {
        Ka.write(dir, "inc.conf", "\n   bogus 1\n");
        Path f = Ka.write(dir, "main.conf", "include inc.conf\n");
        Preprocessor p = new Preprocessor(f, "main.conf", new io.vigil.core.config.LoadOptions("x"),
                new io.vigil.core.config.Diagnostics());
        Line l = p.next();
        assertThat(l.location().file()).endsWith("inc.conf");
        assertThat(l.location().line()).isEqualTo(2);
        assertThat(l.tokens().get(1).location().column()).isEqualTo(10);
    }

    @Test
    void substitutedTextPointsAtTheDollar() {
        Path f = Ka.write(dir, "s.conf", "$V=1.2.3.4\n  vip ${V} x\n");
        Preprocessor p = new Preprocessor(f, "s.conf", new io.vigil.core.config.LoadOptions("x"),
                new io.vigil.core.config.Diagnostics());
        Line l = p.next();
        assertThat(l.tokens()).extracting(t -> t.location().column()).containsExactly(3, 7, 12);
    }

    @Test
    void diagnosticsAreErrorsOrWarningsWithFileLineColumn() {
        Ka.Pre p = Ka.preprocess(dir, "~SEQ(i, 1, 0, 5) x\n", "x");
        Diagnostic d = p.diagnostics().get(0);
        assertThat(d.toString()).matches("keepalived\\.conf:1:1: error: .*");
    }
}
