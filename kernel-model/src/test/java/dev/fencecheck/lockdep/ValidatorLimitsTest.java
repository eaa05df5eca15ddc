package dev.fencecheck.lockdep;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The validator's tables: how many lock classes, dependencies and cached chains it holds, and
 * that reaching a limit stops the run loudly at exactly the limit (lockdep would turn itself off
 * silently, and a run would pass because checking was switched off).
 */
@DisplayName("validator limits and table sizes")
class ValidatorLimitsTest {

    private final List<Finding> findings = new ArrayList<>();
    private int line;

    private Site site(String op) {
        return new Site("limits.scenario", ++line, op);
    }

    private static ValidatorOptions limits(int classes, int edges, int chains) {
        return ValidatorOptions.defaults().withLimits(classes, edges, chains);
    }

    @Test
    @DisplayName("options: class ids must fit in 20 bits and every limit must be positive")
    void optionsRejectImpossibleLimits() {
        assertDoesNotThrow(() -> limits(1, 1, 1));
        assertDoesNotThrow(() -> limits(1 << 20, 1, 1));
        IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class,
                () -> limits((1 << 20) + 1, 1, 1));
        assertEquals("maxClasses must be in 1..1048576", tooMany.getMessage());
        assertThrows(IllegalArgumentException.class, () -> limits(0, 1, 1));
        assertEquals("limits must be positive",
                assertThrows(IllegalArgumentException.class, () -> limits(1, 0, 1)).getMessage());
        assertEquals("limits must be positive",
                assertThrows(IllegalArgumentException.class, () -> limits(1, 1, 0)).getMessage());
    }

    @Test
    @DisplayName("options: each with* changes one setting and keeps the others")
    void optionsWithersChangeOneSetting() {
        ValidatorOptions d = ValidatorOptions.defaults();
        assertEquals(new ValidatorOptions(true, 1 << 19, 1 << 22, 1 << 23, true,
                ValidatorOptions.ChainTable.OPEN_ADDRESSING), d);
        ValidatorOptions o = d.withChainCache(false).withTopologicalOrder(false)
                .withChainTable(ValidatorOptions.ChainTable.HASH_SET).withLimits(3, 4, 5);
        assertEquals(new ValidatorOptions(false, 3, 4, 5, false, ValidatorOptions.ChainTable.HASH_SET), o);
        assertEquals(new ValidatorOptions(true, 3, 4, 5, false, ValidatorOptions.ChainTable.HASH_SET),
                o.withChainCache(true));
        assertEquals(new ValidatorOptions(false, 3, 4, 5, true, ValidatorOptions.ChainTable.HASH_SET),
                o.withTopologicalOrder(true));
        assertEquals(new ValidatorOptions(false, 3, 4, 5, false, ValidatorOptions.ChainTable.OPEN_ADDRESSING),
                o.withChainTable(ValidatorOptions.ChainTable.OPEN_ADDRESSING));
    }

    @Test
    @DisplayName("the class table holds exactly maxClasses classes")
    void classLimitIsExact() {
        LockValidator v = new LockValidator(limits(3, 10, 10), findings::add);
        v.newClass("A");
        v.newClass("B");
        v.newClass("C");
        assertEquals(3, v.classCount());
        CapacityExceededException e = assertThrows(CapacityExceededException.class, () -> v.newClass("D"));
        assertEquals("validator capacity exceeded: more than 3 lock classes (raise it with ValidatorOptions.withLimits)",
                e.getMessage());
    }

    @Test
    @DisplayName("the class table grows past its initial size: ids are dense and dependencies work")
    void manyClasses() {
        LockValidator v = new LockValidator(ValidatorOptions.defaults(), findings::add);
        LockThread t = v.newThread("t", ExecContext.TASK);
        List<Lock> locks = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            LockClass c = v.newClass("L" + i);
            assertEquals(i, c.id());
            locks.add(v.newLock("L" + i, c, false, false));
        }
        assertEquals(300, v.classCount());
        for (Lock l : locks) {
            v.acquire(t, l, ReadMode.WRITE, false, null, site("lock " + l.name()));
        }
        assertEquals(300, t.depth());
        assertEquals(299, v.dependencyCount());
        for (int i = 1; i < 300; i++) {
            assertTrue(v.dependsOn(locks.get(i - 1).lockClass(), locks.get(i).lockClass()));
        }
        for (int i = 299; i >= 0; i--) {
            v.release(t, locks.get(i), site("unlock"));
        }
        // L299 -> L0 would close a cycle through all 300 classes: reported, with every link.
        v.acquire(t, locks.get(299), ReadMode.WRITE, false, null, site("lock L299"));
        v.acquire(t, locks.get(0), ReadMode.WRITE, false, null, site("lock L0"));
        assertEquals(List.of(FindingKind.CIRCULAR_DEPENDENCY), findings.stream().map(Finding::kind).toList());
        assertEquals(300, findings.get(0).chain().size());
    }

    @Test
    @DisplayName("dependencies recorded against the order the classes were made in: cycles are still found")
    void longChainAgainstCreationOrder() {
        LockValidator v = new LockValidator(ValidatorOptions.defaults(), findings::add);
        LockThread t = v.newThread("t", ExecContext.TASK);
        int n = 150;
        List<Lock> locks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            locks.add(v.newLock("L" + i, v.newClass("L" + i), false, false));
        }
        for (int i = n - 2; i >= 0; i--) {   // L(i+1) -> L(i): every new dependency reorders
            take(v, t, locks.get(i + 1), ReadMode.WRITE, locks.get(i), ReadMode.WRITE);
        }
        take(v, t, locks.get(n - 1), ReadMode.WRITE, locks.get(0), ReadMode.WRITE);  // a shortcut: fine
        assertTrue(findings.isEmpty());
        take(v, t, locks.get(0), ReadMode.WRITE, locks.get(n / 2), ReadMode.WRITE);  // L0 -> L75 closes a cycle
        assertEquals(List.of(FindingKind.CIRCULAR_DEPENDENCY), findings.stream().map(Finding::kind).toList());
        assertEquals(n / 2 + 1, findings.get(0).chain().size(), "L0 -> L75, then L75 -> L74 -> ... -> L0");
        assertEquals(n - 1 + 1, v.dependencyCount());
    }

    @Test
    @DisplayName("the dependency table holds exactly maxEdges distinct dependencies; a known one adds none")
    void edgeLimitIsExact() {
        LockValidator v = new LockValidator(limits(10, 2, 100), findings::add);
        LockThread t = v.newThread("t", ExecContext.TASK);
        Lock a = v.newLock("A", v.newClass("A"), false, false);
        Lock b = v.newLock("B", v.newClass("B"), false, false);
        Lock c = v.newLock("C", v.newClass("C"), false, false);
        take(v, t, a, ReadMode.WRITE, b, ReadMode.WRITE);
        take(v, t, a, ReadMode.READ, b, ReadMode.RECURSIVE_READ);   // same pair, another type
        take(v, t, b, ReadMode.WRITE, c, ReadMode.WRITE);
        assertEquals(2, v.dependencyCount());
        CapacityExceededException e = assertThrows(CapacityExceededException.class,
                () -> take(v, t, a, ReadMode.WRITE, c, ReadMode.WRITE));
        assertEquals("validator capacity exceeded: more than 2 dependencies (raise it with ValidatorOptions.withLimits)",
                e.getMessage());
        assertTrue(findings.isEmpty());
    }

    private void take(LockValidator v, LockThread t, Lock first, ReadMode m1, Lock second, ReadMode m2) {
        v.acquire(t, first, m1, false, null, site("lock " + first.name()));
        v.acquire(t, second, m2, false, null, site("lock " + second.name()));
        v.release(t, second, site("unlock " + second.name()));
        v.release(t, first, site("unlock " + first.name()));
    }

    @ParameterizedTest
    @EnumSource(ValidatorOptions.ChainTable.class)
    @DisplayName("the chain cache holds exactly maxChains chains; a cache hit needs no room")
    void chainLimitIsExact(ValidatorOptions.ChainTable table) {
        LockValidator v = new LockValidator(limits(10, 100, 3).withChainTable(table), findings::add);
        LockThread t = v.newThread("t", ExecContext.TASK);
        v.hardirqsOff(t); // no usage bits, so the cache is never dropped
        Lock a = v.newLock("A", v.newClass("A"), false, false);
        Lock b = v.newLock("B", v.newClass("B"), false, false);
        Lock c = v.newLock("C", v.newClass("C"), false, false);
        take(v, t, a, ReadMode.WRITE, b, ReadMode.WRITE);           // [A], [A B]
        take(v, t, a, ReadMode.WRITE, b, ReadMode.WRITE);           // hits
        v.acquire(t, b, ReadMode.WRITE, false, null, site("lock B")); // [B]
        assertEquals(3, v.chainCount());
        CapacityExceededException e = assertThrows(CapacityExceededException.class,
                () -> v.acquire(t, c, ReadMode.WRITE, false, null, site("lock C")));
        assertEquals("validator capacity exceeded: more than 3 lock chains (raise it with ValidatorOptions.withLimits)",
                e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(ValidatorOptions.ChainTable.class)
    @DisplayName("every distinct chain is cached once, also after the table has grown; none is lost")
    void chainCountIsExactAcrossTableGrowth(ValidatorOptions.ChainTable table) {
        LockValidator v = new LockValidator(ValidatorOptions.defaults().withChainTable(table), findings::add);
        LockThread t = v.newThread("t", ExecContext.TASK);
        v.hardirqsOff(t);
        int n = 92;
        List<Lock> locks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            locks.add(v.newLock("L" + i, v.newClass("L" + i), false, false));
        }
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    take(v, t, locks.get(i), ReadMode.WRITE, locks.get(j), ReadMode.WRITE);
                }
            }
            // [Li] for every i but the last, [Li Lj] for every i < j: 91 + 4186 chains, more than
            // the table's initial 4096 slots.
            assertEquals(n - 1 + n * (n - 1) / 2, v.chainCount(), "round " + round);
        }
        assertEquals(n * (n - 1) / 2, v.dependencyCount());
        assertTrue(findings.isEmpty());
    }

    @Test
    @DisplayName("without the chain cache nothing is cached")
    void noChainsWithoutTheCache() {
        LockValidator v = new LockValidator(ValidatorOptions.defaults().withChainCache(false), findings::add);
        LockThread t = v.newThread("t", ExecContext.TASK);
        Lock a = v.newLock("A", v.newClass("A"), false, false);
        Lock b = v.newLock("B", v.newClass("B"), false, false);
        take(v, t, a, ReadMode.WRITE, b, ReadMode.WRITE);
        assertEquals(0, v.chainCount());
        assertEquals(1, v.dependencyCount());
    }
}
