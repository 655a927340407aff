package dev.suite.registry.dns;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.suite.registry.ConsulHttp;
import dev.suite.registry.RegistryTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

import static org.assertj.core.api.Assertions.assertThat;

@RegistryTest
class DnsTest {

    @LocalServerPort
    int httpPort;
    @Autowired
    DnsServer dns;
    ConsulHttp consul;

    @BeforeEach
    void registerWebInstances() {
        consul = new ConsulHttp(httpPort);
        consul.deregisterAll();
        consul.register("{\"ID\":\"web-1\",\"Name\":\"web\",\"Address\":\"10.0.0.1\",\"Port\":8081,\"Tags\":[\"blue\"]}");
        consul.register("{\"ID\":\"web-2\",\"Name\":\"web\",\"Address\":\"10.0.0.2\",\"Port\":8082,\"Tags\":[\"green\"]}");
        consul.register("{\"ID\":\"web-3\",\"Name\":\"web\",\"Port\":8083,\"Tags\":[\"blue\"]}"); // node address
        consul.register("""
                {"ID":"web-4","Name":"web","Address":"10.0.0.4","Port":8084,"Tags":["blue"],"Check":{"TTL":"30s"}}""");
    }

    @Test
    void aRecordsListPassingInstancesWithTheNodeAddressForThoseWithout() throws IOException {
        Message answer = query("web.service.consul.", Type.A, false);
        assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(addresses(answer, Section.ANSWER)).containsExactlyInAnyOrder("10.0.0.1", "10.0.0.2", "127.0.0.1");
    }

    @Test
    void aFailingInstanceIsLeftOutUntilItPasses() throws IOException {
        assertThat(addresses(query("web.service.consul.", Type.A, false), Section.ANSWER)).doesNotContain("10.0.0.4");
        consul.put("/v1/agent/check/pass/service:web-4");
        assertThat(addresses(query("web.service.consul.", Type.A, false), Section.ANSWER)).contains("10.0.0.4");
    }

    @Test
    void srvRecordsCarryPortsAndTheirAddressesComeInTheAdditionalSection() throws IOException {
        Message answer = query("web.service.consul.", Type.SRV, false);
        List<Integer> ports = new ArrayList<>();
        for (Record record : answer.getSection(Section.ANSWER)) {
            ports.add(((SRVRecord) record).getPort());
        }
        assertThat(ports).containsExactlyInAnyOrder(8081, 8082, 8083);
        SRVRecord first = (SRVRecord) answer.getSection(Section.ANSWER).get(0);
        assertThat(first.getTarget().toString()).endsWith(".addr.dc1.consul.");
        assertThat(addresses(answer, Section.ADDITIONAL)).containsExactlyInAnyOrder("10.0.0.1", "10.0.0.2", "127.0.0.1");
    }

    @Test
    void tagNarrowsTheAnswer() throws IOException {
        assertThat(addresses(query("blue.web.service.consul.", Type.A, false), Section.ANSWER))
                .containsExactlyInAnyOrder("10.0.0.1", "127.0.0.1");
    }

    @Test
    void rfc2782NamesWorkWithTcpMeaningAnyTag() throws IOException {
        Message any = query("_web._tcp.service.consul.", Type.SRV, false);
        assertThat(any.getSection(Section.ANSWER)).hasSize(3);
        Message green = query("_web._green.service.consul.", Type.SRV, false);
        assertThat(green.getSection(Section.ANSWER)).singleElement()
                .satisfies(r -> assertThat(((SRVRecord) r).getPort()).isEqualTo(8082));
    }

    @Test
    void theDatacenterMayBeNamed() throws IOException {
        assertThat(addresses(query("web.service.dc1.consul.", Type.A, false), Section.ANSWER)).hasSize(3);
    }

    @Test
    void unknownNamesAreNxdomainWithAnSoa() throws IOException {
        for (String name : new String[] {"nothing.service.consul.", "web.nosuchkind.consul.", "blah.consul."}) {
            Message answer = query(name, Type.A, false);
            assertThat(answer.getRcode()).as(name).isEqualTo(Rcode.NXDOMAIN);
            assertThat(answer.getSection(Section.AUTHORITY)).as(name).hasSize(1);
        }
    }

    @Test
    void aServiceWithNoPassingInstanceIsNxdomain() throws IOException {
        consul.register("{\"ID\":\"db-1\",\"Name\":\"db\",\"Port\":5432,\"Check\":{\"TTL\":\"30s\"}}");
        assertThat(query("db.service.consul.", Type.A, false).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void tcpAnswersTheSame() throws IOException {
        assertThat(addresses(query("web.service.consul.", Type.A, true), Section.ANSWER)).hasSize(3);
    }

    @Test
    void answersHaveTheConfiguredTtlOfZero() throws IOException {
        assertThat(query("web.service.consul.", Type.A, false).getSection(Section.ANSWER))
                .allSatisfy(record -> assertThat(record.getTTL()).isZero());
    }

    @Test
    void instancesComeInRandomOrder() throws IOException {
        Set<List<String>> orders = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            orders.add(addresses(query("web.service.consul.", Type.A, false), Section.ANSWER));
        }
        assertThat(orders.size()).isGreaterThan(1);
    }

    @Test
    void aUdpAnswerTooLargeIsTruncatedWithTheTcBitAndTcpHasItAll() throws IOException {
        for (int i = 10; i < 70; i++) {
            consul.register("{\"ID\":\"big-" + i + "\",\"Name\":\"big\",\"Address\":\"10.1.0." + i
                    + "\",\"Port\":" + (9000 + i) + "}");
        }
        Message udp = query("big.service.consul.", Type.SRV, false);
        assertThat(udp.getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(udp.getSection(Section.ANSWER).size()).isLessThan(60);

        Message tcp = query("big.service.consul.", Type.SRV, true);
        assertThat(tcp.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(tcp.getSection(Section.ANSWER)).hasSize(60);
    }

    @Test
    void namesOutsideTheDomainAreRefused() throws IOException {
        assertThat(query("example.com.", Type.A, false).getRcode()).isEqualTo(Rcode.REFUSED);
    }

    private Message query(String name, int type, boolean tcp) throws IOException {
        SimpleResolver resolver = new SimpleResolver("127.0.0.1");
        resolver.setPort(dns.port());
        resolver.setTCP(tcp);
        resolver.setIgnoreTruncation(true);
        resolver.setTimeout(Duration.ofSeconds(5));
        return resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)));
    }

    private static List<String> addresses(Message message, int section) {
        List<String> addresses = new ArrayList<>();
        for (Record record : message.getSection(section)) {
            if (record instanceof ARecord a) {
                addresses.add(a.getAddress().getHostAddress());
            }
        }
        return addresses;
    }
}
