package dev.suite.consensus.linearizability;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Checks a history of register operations (read, write, compare-and-set) for linearizability:
 * the Wing–Gong search with Lowe's memoization of (linearized set, state), as in Knossos and
 * Porcupine. Keys are independent registers, so the history is split per key and each part is
 * checked alone (P-compositionality: a history is linearizable iff each per-key part is).
 *
 * <p>An operation with an unknown outcome has no return event: it may take effect at any point
 * after its invocation, or never (it is then linearized after everything else, where it is
 * invisible).
 */
public final class LinearizabilityChecker {

    /** The verdict; for a failure, the key whose history cannot be linearized. */
    public record Verdict(boolean linearizable, String key, int operations) {
    }

    public Verdict check(List<Operation> history) {
        Map<String, List<Operation>> byKey = new LinkedHashMap<>();
        for (Operation op : history) {
            byKey.computeIfAbsent(op.key(), k -> new ArrayList<>()).add(op);
        }
        for (Map.Entry<String, List<Operation>> part : byKey.entrySet()) {
            if (!linearizable(part.getValue())) {
                return new Verdict(false, part.getKey(), part.getValue().size());
            }
        }
        return new Verdict(true, null, history.size());
    }

    /** One event of the history: an operation's call or its return, in a doubly linked list. */
    private static final class Event {
        final int id;
        final boolean call;
        final long time;
        final Operation op;
        Event match;
        Event prev;
        Event next;

        Event(int id, boolean call, long time, Operation op) {
            this.id = id;
            this.call = call;
            this.time = time;
            this.op = op;
        }
    }

    private record Frame(Event call, String state) {
    }

    private record CacheKey(BitSet linearized, String state) {
    }

    /** The register model: the state after applying {@code op}, or {@link #ILLEGAL}. */
    private static final String ILLEGAL = "\u0000illegal";

    private static String step(String state, Operation op) {
        return switch (op.kind()) {
            case READ -> Objects.equals(state, op.value()) ? state : ILLEGAL;
            case WRITE -> op.value();
            case CAS -> switch (op.outcome()) {
                case OK -> Objects.equals(state, op.expected()) ? op.value() : ILLEGAL;
                case CAS_FAILED -> Objects.equals(state, op.expected()) ? ILLEGAL : state;
                case UNKNOWN -> Objects.equals(state, op.expected()) ? op.value() : state;
            };
        };
    }

    private static boolean linearizable(List<Operation> ops) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            Operation op = ops.get(i);
            Event call = new Event(i, true, op.invokedAt(), op);
            Event ret = new Event(i, false, op.completedAt(), op);
            call.match = ret;
            events.add(call);
            events.add(ret);
        }
        // Calls before returns at equal times: operations that touch in time count as concurrent.
        events.sort(Comparator.comparingLong((Event e) -> e.time).thenComparing(e -> !e.call));
        Event head = new Event(-1, false, Long.MIN_VALUE, null);
        Event last = head;
        for (Event e : events) {
            last.next = e;
            e.prev = last;
            last = e;
        }

        String state = null;
        BitSet linearized = new BitSet(ops.size());
        Set<CacheKey> cache = new HashSet<>();
        Deque<Frame> stack = new ArrayDeque<>();
        Event entry = head.next;
        while (head.next != null) {
            if (entry.call) {
                String next = step(state, entry.op);
                if (!ILLEGAL.equals(next)) {
                    BitSet tried = (BitSet) linearized.clone();
                    tried.set(entry.id);
                    if (cache.add(new CacheKey(tried, next))) {
                        stack.push(new Frame(entry, state));
                        state = next;
                        linearized.set(entry.id);
                        lift(entry);
                        entry = head.next;
                        continue;
                    }
                }
                entry = entry.next;
            } else {
                // A return with its call not yet linearized: undo the last choice and try the next.
                if (stack.isEmpty()) {
                    return false;
                }
                Frame frame = stack.pop();
                state = frame.state();
                linearized.clear(frame.call().id);
                unlift(frame.call());
                entry = frame.call().next;
            }
        }
        return true;
    }

    private static void lift(Event call) {
        call.prev.next = call.next;
        if (call.next != null) {
            call.next.prev = call.prev;
        }
        Event ret = call.match;
        ret.prev.next = ret.next;
        if (ret.next != null) {
            ret.next.prev = ret.prev;
        }
    }

    private static void unlift(Event call) {
        Event ret = call.match;
        ret.prev.next = ret;
        if (ret.next != null) {
            ret.next.prev = ret;
        }
        call.prev.next = call;
        if (call.next != null) {
            call.next.prev = call;
        }
    }
}
