package dev.suite.registry.catalog;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CatalogTest {

    private final MutableClock clock = new MutableClock();
    private final Catalog catalog = new Catalog(new Node("id", "node", "10.0.0.1", "dc1"), clock);

    @Test
    void reRegisteringAnIdReplacesTheInstanceAndKeepsItsCheckStatus() {
        catalog.register(service("web-1", "web", 80), List.of(ttl("service:web-1", "web-1")));
        catalog.reportTtl("service:web-1", CheckStatus.PASSING, "ok");

        catalog.register(service("web-1", "web", 81), List.of(ttl("service:web-1", "web-1")));

        assertThat(catalog.services()).singleElement()
                .satisfies(s -> assertThat(s.definition().port()).isEqualTo(81));
        assertThat(catalog.instances("web")).singleElement()
                .satisfies(h -> assertThat(h.aggregateStatus()).isEqualTo(CheckStatus.PASSING));
    }

    @Test
    void reRegisteringWithoutAChecksDropsTheOldCheck() {
        catalog.register(service("web-1", "web", 80), List.of(ttl("service:web-1", "web-1")));
        catalog.register(service("web-1", "web", 80), List.of());
        assertThat(catalog.checks()).isEmpty();
    }

    @Test
    void deregisteringAnUnknownIdIsAnError() {
        assertThatThrownBy(() -> catalog.deregister("nope")).isInstanceOf(UnknownServiceException.class);
    }

    @Test
    void anInstanceWithoutChecksIsPassing() {
        catalog.register(service("web-1", "web", 80), List.of());
        assertThat(catalog.instances("web").get(0).aggregateStatus()).isEqualTo(CheckStatus.PASSING);
    }

    @Test
    void maintenanceModeMakesTheInstanceCriticalUntilDisabled() {
        catalog.register(service("web-1", "web", 80), List.of());
        catalog.setMaintenance("web-1", true, "upgrading");
        assertThat(catalog.check("_service_maintenance:web-1")).get()
                .satisfies(c -> assertThat(c.definition().notes()).isEqualTo("upgrading"));
        assertThat(catalog.instances("web").get(0).aggregateStatus()).isEqualTo(CheckStatus.CRITICAL);

        catalog.setMaintenance("web-1", false, null);
        assertThat(catalog.instances("web").get(0).aggregateStatus()).isEqualTo(CheckStatus.PASSING);
    }

    @Test
    void everyChangeRaisesTheIndexAndCompletesTheChangeSignal() {
        long before = catalog.index();
        CompletableFuture<Long> change = catalog.nextChange();
        catalog.register(service("web-1", "web", 80), List.of());
        assertThat(change).isCompletedWithValue(before + 1);
        assertThat(catalog.serviceIndex("web")).isEqualTo(before + 1);
    }

    @Test
    void aCheckChangeMovesOnlyItsServicesIndex() {
        catalog.register(service("web-1", "web", 80), List.of(ttl("service:web-1", "web-1")));
        catalog.register(service("db-1", "db", 5432), List.of());
        long dbIndex = catalog.serviceIndex("db");
        long servicesIndex = catalog.servicesIndex();

        catalog.reportTtl("service:web-1", CheckStatus.PASSING, "");

        assertThat(catalog.serviceIndex("web")).isEqualTo(catalog.index());
        assertThat(catalog.serviceIndex("db")).isEqualTo(dbIndex);
        assertThat(catalog.servicesIndex()).isEqualTo(servicesIndex);
    }

    @Test
    void anUnchangedStatusDoesNotMoveTheIndex() {
        catalog.register(service("web-1", "web", 80), List.of(ttl("service:web-1", "web-1")));
        catalog.reportTtl("service:web-1", CheckStatus.PASSING, "first");
        long index = catalog.index();
        catalog.reportTtl("service:web-1", CheckStatus.PASSING, "second");
        assertThat(catalog.index()).isEqualTo(index);
        assertThat(catalog.check("service:web-1").get().output()).isEqualTo("second");
    }

    @Test
    void anInstanceCriticalLongerThanItsLimitIsReaped() {
        CheckDefinition check = new CheckDefinition("service:web-1", "ttl", "", "web-1",
                new CheckDefinition.Ttl(Duration.ofSeconds(5)), CheckStatus.CRITICAL, Duration.ofSeconds(30));
        catalog.register(service("web-1", "web", 80), List.of(check));

        clock.advance(Duration.ofSeconds(29));
        assertThat(catalog.reapCriticalServices()).isEmpty();
        clock.advance(Duration.ofSeconds(2));
        assertThat(catalog.reapCriticalServices()).containsExactly("web-1");
        assertThat(catalog.services()).isEmpty();
    }

    @Test
    void aTtlReportOnANonTtlCheckIsRefused() {
        CheckDefinition http = new CheckDefinition("service:web-1", "http", "", "web-1",
                new CheckDefinition.Http("http://localhost:1/", "GET", Map.of(), "", Duration.ofSeconds(1),
                        Duration.ofSeconds(1), false), CheckStatus.CRITICAL, null);
        catalog.register(service("web-1", "web", 80), List.of(http));
        assertThatThrownBy(() -> catalog.reportTtl("service:web-1", CheckStatus.PASSING, ""))
                .isInstanceOf(UnknownCheckException.class).hasMessageContaining("TTL");
    }

    static ServiceDefinition service(String id, String name, int port) {
        return new ServiceDefinition(id, name, List.of(), "", port, Map.of(), false);
    }

    static CheckDefinition ttl(String id, String serviceId) {
        return new CheckDefinition(id, "ttl", "", serviceId, new CheckDefinition.Ttl(Duration.ofMinutes(1)),
                CheckStatus.CRITICAL, null);
    }

    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
