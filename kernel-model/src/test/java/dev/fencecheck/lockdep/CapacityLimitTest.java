package dev.fencecheck.lockdep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Lockdep turns itself off silently when a table is full ("BUG: MAX_LOCKDEP_ENTRIES too low!",
 * {@code kernel/locking/lockdep.c: alloc_list_entry}, {@code add_chain_cache}); the validator
 * instead stops loudly at each of its limits (ValidatorOptions.withLimits), with either chain
 * table.
 */
class CapacityLimitTest {
    private final List<Finding> findings = new ArrayList<>();
    private final Site site = Site.of("test", "capacity");

    private LockValidator validator(ValidatorOptions.ChainTable table, int classes, int edges, int chains) {
        return new LockValidator(ValidatorOptions.defaults().withChainTable(table).withLimits(classes, edges, chains),
                findings::add);
    }

    private static Lock lock(LockValidator v, String name) {
        return v.newLock(name, v.newClass(name), false, false);
    }

    @ParameterizedTest
    @EnumSource(ValidatorOptions.ChainTable.class)
    void tooManyClasses(ValidatorOptions.ChainTable table) {
        LockValidator v = validator(table, 2, 100, 100);
        v.newClass("A");
        v.newClass("B");
        CapacityExceededException e = assertThrows(CapacityExceededException.class, () -> v.newClass("C"));
        assertTrue(e.getMessage().contains("more than 2 lock classes"), e.getMessage());
        assertEquals(2, v.classCount());
    }

    @ParameterizedTest
    @EnumSource(ValidatorOptions.ChainTable.class)
    void tooManyDependencies(ValidatorOptions.ChainTable table) {
        LockValidator v = validator(table, 100, 2, 100);
        LockThread t = v.newThread("t", ExecContext.TASK);
        Lock a = lock(v, "A");
        Lock b = lock(v, "B");
        Lock c = lock(v, "C");
        nest(v, t, a, b);
        nest(v, t, b, c);
        CapacityExceededException e = assertThrows(CapacityExceededException.class, () -> nest(v, t, a, c));
        assertTrue(e.getMessage().contains("more than 2 dependencies"), e.getMessage());
        assertEquals(2, v.dependencyCount());
        assertEquals(List.of(), findings);
    }

    @ParameterizedTest
    @EnumSource(ValidatorOptions.ChainTable.class)
    void tooManyChains(ValidatorOptions.ChainTable table) {
        LockValidator v = validator(table, 100, 100, 3);
        LockThread t = v.newThread("t", ExecContext.TASK);
        Lock a = lock(v, "A");
        Lock b = lock(v, "B");
        Lock c = lock(v, "C");
        nest(v, t, a, b); // chains [A] and [A, B]
        nest(v, t, a, b); // cached: no new chain
        v.acquire(t, b, ReadMode.WRITE, false, null, site); // chain [B]
        v.release(t, b, site);
        CapacityExceededException e = assertThrows(CapacityExceededException.class, () -> nest(v, t, b, c));
        assertTrue(e.getMessage().contains("more than 3 lock chains"), e.getMessage());
        assertEquals(3, v.chainCount());
        assertEquals(List.of(), findings);
    }

    private void nest(LockValidator v, LockThread t, Lock outer, Lock inner) {
        v.acquire(t, outer, ReadMode.WRITE, false, null, site);
        v.acquire(t, inner, ReadMode.WRITE, false, null, site);
        v.release(t, inner, site);
        v.release(t, outer, site);
    }
}
