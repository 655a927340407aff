package dev.suite.consensus.linearizability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.suite.consensus.linearizability.Operation.Outcome;

class LinearizabilityCheckerTest {

    private final LinearizabilityChecker checker = new LinearizabilityChecker();

    @Test
    void rejectsAStaleReadAfterAnAcknowledgedWrite() {
        List<Operation> history = List.of(
                Operation.write("k", 1, "a", true, 0, 10),
                Operation.read("k", 2, null, 20, 30));
        assertThat(checker.check(history).linearizable()).isFalse();
        assertThat(checker.check(history).key()).isEqualTo("k");
    }

    @Test
    void rejectsReadsThatGoBackInTime() {
        // b overwrote a; one client sees b, then a later read (by another client) sees a again.
        List<Operation> history = List.of(
                Operation.write("k", 1, "a", true, 0, 10),
                Operation.write("k", 1, "b", true, 20, 100),
                Operation.read("k", 2, "b", 30, 40),
                Operation.read("k", 3, "a", 50, 60));
        assertThat(checker.check(history).linearizable()).isFalse();
    }

    @Test
    void rejectsTwoCompareAndSetsThatBothWonFromTheSameValue() {
        List<Operation> history = List.of(
                Operation.write("k", 1, "a", true, 0, 10),
                Operation.cas("k", 2, "a", "b", Outcome.OK, 20, 50),
                Operation.cas("k", 3, "a", "c", Outcome.OK, 20, 50));
        assertThat(checker.check(history).linearizable()).isFalse();
    }

    @Test
    void rejectsAFailedCompareAndSetWhoseExpectationHeld() {
        List<Operation> history = List.of(
                Operation.write("k", 1, "a", true, 0, 10),
                Operation.cas("k", 2, "a", "b", Outcome.CAS_FAILED, 20, 30),
                Operation.read("k", 2, "a", 40, 50));
        assertThat(checker.check(history).linearizable()).isFalse();
    }

    @Test
    void acceptsConcurrentReadsSeeingEitherSideOfAWrite() {
        List<Operation> history = List.of(
                Operation.write("k", 1, "a", true, 0, 10),
                Operation.write("k", 1, "b", true, 20, 100),
                Operation.read("k", 2, "b", 30, 40),
                Operation.read("k", 3, "a", 25, 35),
                Operation.read("k", 4, "b", 110, 120));
        assertThat(checker.check(history).linearizable()).isTrue();
    }

    @Test
    void letsAnUnknownWriteTakeEffectLateOrNever() {
        List<Operation> took = List.of(
                Operation.write("k", 1, "a", true, 0, 10),
                Operation.write("k", 2, "lost?", false, 20, 0),
                Operation.read("k", 3, "a", 30, 40),
                Operation.read("k", 3, "lost?", 50, 60));
        List<Operation> never = List.of(
                Operation.write("k", 1, "a", true, 0, 10),
                Operation.write("k", 2, "lost?", false, 20, 0),
                Operation.read("k", 3, "a", 1000, 1010));
        assertThat(checker.check(took).linearizable()).isTrue();
        assertThat(checker.check(never).linearizable()).isTrue();
    }

    @Test
    void rejectsAValueReappearingAfterAnUnknownWriteWasSeen() {
        List<Operation> history = List.of(
                Operation.write("k", 1, "a", true, 0, 10),
                Operation.write("k", 2, "b", false, 20, 0),
                Operation.read("k", 3, "b", 30, 40),
                Operation.read("k", 3, "a", 50, 60));
        assertThat(checker.check(history).linearizable()).isFalse();
    }

    @Test
    void checksEachKeyOnItsOwn() {
        List<Operation> history = new ArrayList<>();
        history.add(Operation.write("good", 1, "x", true, 0, 10));
        history.add(Operation.read("good", 2, "x", 20, 30));
        history.add(Operation.write("bad", 1, "y", true, 0, 10));
        history.add(Operation.read("bad", 2, null, 20, 30));
        LinearizabilityChecker.Verdict verdict = checker.check(history);
        assertThat(verdict.linearizable()).isFalse();
        assertThat(verdict.key()).isEqualTo("bad");
    }

    @Test
    void handlesALongConcurrentHistoryQuickly() {
        // 6 clients, overlapping writes and reads consistent with a sequential run.
        List<Operation> history = new ArrayList<>();
        String current = null;
        long t = 0;
        for (int i = 0; i < 3000; i++) {
            int client = i % 6;
            if (i % 3 == 0) {
                String value = "v" + i;
                history.add(Operation.write("k", client, value, true, t, t + 15));
                current = value;
            } else {
                history.add(Operation.read("k", client, current, t + 16, t + 20));
            }
            t += 10;
        }
        assertThat(checker.check(history).linearizable()).isTrue();
    }
}
