package dev.suite.registry.dns;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import dev.suite.registry.RegistryProperties;
import dev.suite.registry.catalog.Catalog;
import dev.suite.registry.catalog.CheckStatus;
import dev.suite.registry.catalog.Node;
import dev.suite.registry.catalog.ServiceDefinition;
import dev.suite.registry.catalog.ServiceHealth;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Address;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Answers DNS questions from the catalog, as Consul's DNS interface does, with no I/O of its own:
 * <ul>
 * <li>{@code <service>.service[.<dc>].<domain>} and {@code <tag>.<service>.service...}: A/AAAA (CNAME for a
 * host name), SRV on request with the address in the additional section;</li>
 * <li>RFC 2782 {@code _<service>._<tag>.service...}, where the tag {@code _tcp} means "any";</li>
 * <li>{@code <hex-ip>.addr...} and {@code <node>.node...}, the SRV targets.</li>
 * </ul>
 * Only passing instances are answered (configurable), shuffled; a name with none is NXDOMAIN.
 */
public class DnsResponder {

    private final Catalog catalog;
    private final Name domain;
    private final String datacenter;
    private final long ttl;
    private final boolean onlyPassing;

    public DnsResponder(Catalog catalog, RegistryProperties.Dns settings, String datacenter) {
        this.catalog = catalog;
        try {
            this.domain = Name.fromString(settings.domain().endsWith(".") ? settings.domain() : settings.domain() + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException("registry.dns.domain is not a DNS name: " + settings.domain(), e);
        }
        this.datacenter = datacenter.toLowerCase(Locale.ROOT);
        this.ttl = settings.ttl().toSeconds();
        this.onlyPassing = settings.onlyPassing();
    }

    public Message answer(Message query) {
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        if (query.getHeader().getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
        }
        Record question = query.getQuestion();
        if (question == null) {
            response.getHeader().setRcode(Rcode.FORMERR);
            return response;
        }
        response.addRecord(question, Section.QUESTION);
        if (query.getHeader().getOpcode() != Opcode.QUERY) {
            response.getHeader().setRcode(Rcode.NOTIMP);
            return response;
        }
        Name name = question.getName();
        if (!name.subdomain(domain)) {
            response.getHeader().setRcode(Rcode.REFUSED);
            return response;
        }
        response.getHeader().setFlag(Flags.AA);
        List<String> labels = labelsBelowDomain(name);
        boolean found = resolve(labels, question, response);
        if (!found) {
            response.getHeader().setRcode(Rcode.NXDOMAIN);
        }
        if (response.getSection(Section.ANSWER).isEmpty()) {
            response.addRecord(soa(), Section.AUTHORITY);
        }
        return response;
    }

    private boolean resolve(List<String> labels, Record question, Message response) {
        if (labels.isEmpty()) {
            return false;
        }
        String last = labels.get(labels.size() - 1);
        if (last.equals(datacenter) && labels.size() > 1) {
            labels = labels.subList(0, labels.size() - 1);
            last = labels.get(labels.size() - 1);
        }
        List<String> head = labels.subList(0, labels.size() - 1);
        return switch (last) {
            case "service" -> service(head, question, response);
            case "addr" -> addr(head, question, response);
            case "node" -> node(head, question, response);
            default -> false;
        };
    }

    private boolean service(List<String> head, Record question, Message response) {
        String service;
        String tag = null;
        if (head.size() == 2 && head.get(0).startsWith("_") && head.get(1).startsWith("_")) {
            service = head.get(0).substring(1); // RFC 2782: _service._tag; _tcp asks for any tag
            tag = head.get(1).equals("_tcp") ? null : head.get(1).substring(1);
        } else if (head.size() == 2) {
            tag = head.get(0);
            service = head.get(1);
        } else if (head.size() == 1) {
            service = head.get(0);
        } else {
            return false;
        }
        List<ServiceHealth> instances = new ArrayList<>();
        for (ServiceHealth instance : catalog.instances(matchName(service))) {
            if (tag != null && instance.service().definition().tags().stream().noneMatch(tag::equalsIgnoreCase)) {
                continue;
            }
            CheckStatus status = instance.aggregateStatus();
            if (status == CheckStatus.CRITICAL || onlyPassing && status != CheckStatus.PASSING) {
                continue;
            }
            instances.add(instance);
        }
        if (instances.isEmpty()) {
            return false;
        }
        Collections.shuffle(instances);
        Name name = question.getName();
        Node node = catalog.node();
        for (ServiceHealth instance : instances) {
            ServiceDefinition definition = instance.service().definition();
            String address = definition.effectiveAddress(node);
            if (question.getType() == Type.SRV) {
                Name target = targetFor(address);
                response.addRecord(new SRVRecord(name, DClass.IN, ttl, 1, 1, definition.port(), target),
                        Section.ANSWER);
                addAddress(target, address, Type.ANY, response, Section.ADDITIONAL);
            } else {
                addAddress(name, address, question.getType(), response, Section.ANSWER);
            }
        }
        return true;
    }

    /** Consul's SRV target for an IP: the address in hex under {@code addr}; a host name is its own target. */
    private Name targetFor(String address) {
        InetAddress ip = literal(address);
        try {
            if (ip == null) {
                return Name.fromString(address.endsWith(".") ? address : address + ".");
            }
            String hex = HexFormat.of().formatHex(ip.getAddress());
            return Name.fromString(hex + ".addr." + datacenter, domain);
        } catch (TextParseException e) {
            throw new IllegalStateException("not a DNS name: " + address, e);
        }
    }

    private boolean addr(List<String> head, Record question, Message response) {
        if (head.size() != 1) {
            return false;
        }
        byte[] bytes;
        try {
            bytes = HexFormat.of().parseHex(head.get(0));
            if (bytes.length != 4 && bytes.length != 16) {
                return false;
            }
            addAddress(question.getName(), InetAddress.getByAddress(bytes).getHostAddress(), question.getType(),
                    response, Section.ANSWER);
            return true;
        } catch (IllegalArgumentException | java.net.UnknownHostException e) {
            return false;
        }
    }

    private boolean node(List<String> head, Record question, Message response) {
        Node node = catalog.node();
        if (head.size() != 1 || !head.get(0).equalsIgnoreCase(node.name())) {
            return false;
        }
        addAddress(question.getName(), node.address(), question.getType(), response, Section.ANSWER);
        return true;
    }

    /** A for IPv4, AAAA for IPv6, CNAME for a host name; {@code type} ANY (or A/AAAA mismatches for SRV extras) decide which apply. */
    private void addAddress(Name name, String address, int type, Message response, int section) {
        InetAddress ip = literal(address);
        if (ip instanceof Inet4Address && (type == Type.A || type == Type.ANY)) {
            response.addRecord(new ARecord(name, DClass.IN, ttl, ip), section);
        } else if (ip instanceof Inet6Address && (type == Type.AAAA || type == Type.ANY)) {
            response.addRecord(new AAAARecord(name, DClass.IN, ttl, ip), section);
        } else if (ip == null && section == Section.ANSWER && type != Type.SRV) {
            try {
                Name target = Name.fromString(address.endsWith(".") ? address : address + ".");
                response.addRecord(new CNAMERecord(name, DClass.IN, ttl, target), section);
            } catch (TextParseException ignored) {
                // an address that is neither IP nor host name has nothing to answer with
            }
        }
    }

    private static InetAddress literal(String address) {
        try {
            if (Address.isDottedQuad(address)) {
                return Address.getByAddress(address, Address.IPv4);
            }
            if (address.contains(":")) {
                return Address.getByAddress(address, Address.IPv6);
            }
        } catch (java.net.UnknownHostException e) {
            return null;
        }
        return null;
    }

    /** DNS names are case-insensitive; service names are matched ignoring case as Consul does. */
    private String matchName(String lowerCaseName) {
        return catalog.serviceNameIgnoringCase(lowerCaseName).orElse(lowerCaseName);
    }

    private List<String> labelsBelowDomain(Name name) {
        Name relative = name.relativize(domain);
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < relative.labels(); i++) {
            labels.add(relative.getLabelString(i).toLowerCase(Locale.ROOT));
        }
        return labels;
    }

    private SOARecord soa() {
        try {
            return new SOARecord(domain, DClass.IN, ttl, Name.fromString("ns", domain),
                    Name.fromString("hostmaster", domain), catalog.index() & 0xFFFFFFFFL, 3600, 600, 86400, ttl);
        } catch (TextParseException e) {
            throw new IllegalStateException(e);
        }
    }
}
