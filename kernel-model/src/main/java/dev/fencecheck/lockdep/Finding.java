package dev.fencecheck.lockdep;

import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One report of the validator (or of the model on top of it).
 *
 * @param kind     what was found
 * @param rule     the cross-driver rule id of {@code docs/rules.md} it falls under, or null
 * @param thread   the thread whose operation triggered it
 * @param site     that operation
 * @param message  a one-line summary, e.g. {@code "dma_fence_map -> fs_reclaim closes a cycle"}
 * @param report   the lockdep-style report, one string per line
 * @param chain    for dependency findings, the links of the cycle or path, the new one first
 * @param lines    every scenario line involved, in order
 */
public record Finding(FindingKind kind, String rule, String thread, Site site, String message,
                      List<String> report, List<Dependency> chain, SortedSet<Integer> lines) {

    public Finding {
        Objects.requireNonNull(kind);
        report = List.copyOf(report);
        chain = List.copyOf(chain);
        lines = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(lines));
    }

    public Finding withRule(String ruleId) {
        return new Finding(kind, ruleId, thread, site, message, report, chain, lines);
    }

    /** {@code "circular-dependency rule:FENCE-ALLOC"} */
    public String label() {
        return rule == null ? kind.id() : kind.id() + " rule:" + rule;
    }
}
