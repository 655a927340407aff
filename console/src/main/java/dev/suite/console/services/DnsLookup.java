package dev.suite.console.services;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Type;

import dev.suite.console.ConsoleProperties;

/** Asks the registry's DNS interface (dnsjava, UDP with TCP on truncation) for a service's A and SRV records. */
@Component
class DnsLookup {

    private final String host;
    private final int port;
    private final Duration timeout;

    DnsLookup(ConsoleProperties settings) {
        int colon = settings.dns().lastIndexOf(':');
        this.host = colon < 0 ? settings.dns() : settings.dns().substring(0, colon);
        this.port = colon < 0 ? 53 : Integer.parseInt(settings.dns().substring(colon + 1));
        this.timeout = settings.requestTimeout();
    }

    record Result(List<String> a, List<DnsAnswer.Srv> srv, String rcode) {
    }

    Result lookup(String service) throws IOException {
        SimpleResolver resolver = new SimpleResolver(host);
        resolver.setPort(port);
        resolver.setTimeout(timeout);
        Name name = Name.fromString(service + ".service.consul.");
        Message a = resolver.send(Message.newQuery(Record.newRecord(name, Type.A, DClass.IN)));
        Message srv = resolver.send(Message.newQuery(Record.newRecord(name, Type.SRV, DClass.IN)));
        List<String> addresses = new ArrayList<>();
        for (Record record : a.getSection(Section.ANSWER)) {
            if (record instanceof ARecord address) {
                addresses.add(address.getAddress().getHostAddress());
            }
        }
        List<DnsAnswer.Srv> services = new ArrayList<>();
        for (Record record : srv.getSection(Section.ANSWER)) {
            if (record instanceof SRVRecord s) {
                services.add(new DnsAnswer.Srv(s.getPriority(), s.getWeight(), s.getPort(), s.getTarget().toString()));
            }
        }
        return new Result(addresses, services, Rcode.string(a.getRcode()));
    }
}
