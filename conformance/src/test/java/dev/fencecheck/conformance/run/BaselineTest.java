package dev.fencecheck.conformance.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Baselines in the style of GPU conformance runners. */
class BaselineTest {
    private static Result result(String scenario, String rule, Status status) {
        return new Result("amdgpu", scenario, rule, status, "why", List.of(), List.of(), false);
    }

    @Test
    void listedFailuresAreExpectedAndEverythingElseMustPassOrSkip() throws Exception {
        Baseline b = Baseline.parse("amdgpu-fails.txt", List.of(
                "# amdgpu_dm_atomic_commit_tail() allocates with GFP_KERNEL (V5, still open)",
                "display-commit-tail/FENCE-ALLOC,Fail",
                "gpu-hang-timeout-reset/FENCE-LOCK,Timeout   # trailing comment"));
        assertTrue(b.expects(result("display-commit-tail", "FENCE-ALLOC", Status.FAIL)));
        assertFalse(b.expects(result("display-commit-tail", "FENCE-ALLOC", Status.PASS)), "an unexpected pass");
        assertFalse(b.expects(result("submit-under-memory-pressure", "FENCE-ALLOC", Status.FAIL)));
        assertTrue(b.expects(result("submit-under-memory-pressure", "FENCE-ALLOC", Status.PASS)));
        assertTrue(b.expects(result("gpu-hang-timeout-reset", "FENCE-LOCK", Status.TIMEOUT)));
        assertTrue(b.expects(result("preempt-fence-eviction", "PREEMPT-FENCE", Status.SKIP)));
    }

    @Test
    void aMalformedLineNamesTheFileAndLine() {
        Baseline.BaselineException e = assertThrows(Baseline.BaselineException.class,
                () -> Baseline.parse("i915-fails.txt", List.of("# ok", "", "shrinker-vs-submit FENCE-ALLOC")));
        assertTrue(e.getMessage().startsWith("i915-fails.txt:3: expected '<scenario>/<RULE-ID>,Fail'"), e.getMessage());
    }

    @Test
    void aResultListedTwiceIsAnError() {
        Baseline.BaselineException e = assertThrows(Baseline.BaselineException.class, () -> Baseline.parse("x",
                List.of("a/FENCE-ALLOC,Fail", "a/FENCE-ALLOC,Fail")));
        assertTrue(e.getMessage().startsWith("x:2:"), e.getMessage());
    }

    @Test
    void updatingKeepsTheCommentsThatExplainEachLine() {
        String old = "# Known failures of amdgpu: <scenario>/<RULE-ID>,Fail|Crash|Timeout\n"
                + "# the kernel reason\ndisplay-commit-tail/FENCE-ALLOC,Fail\n";
        String rendered = Baseline.render("amdgpu", List.of(result("display-commit-tail", "FENCE-ALLOC", Status.FAIL),
                result("shrinker-vs-submit", "RECLAIM-ALLOC", Status.PASS)), List.of(old.split("\n")));
        assertTrue(rendered.contains("# the kernel reason\ndisplay-commit-tail/FENCE-ALLOC,Fail\n"), rendered);
        assertFalse(rendered.contains("RECLAIM-ALLOC"));
        assertEquals(1, rendered.split("# Known failures of").length - 1, "the header once");
    }
}
