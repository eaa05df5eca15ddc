package dev.fencecheck.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code .scenario} syntax of {@code shared/docs/scenario-format.md}: every syntax error path
 * names {@code file:line:col} with the right line and column and says what was expected there;
 * every valid statement parses into the right model.
 */
@DisplayName("scenario parser (scenario-format.md)")
class ScenarioParserTest {

    private static final String FILE = "t.scenario";
    /** A first line, so that the statement under test is on line 2. */
    private static final String HEAD = "scenario s\n";

    private static Scenario parse(String text) {
        try {
            return ScenarioParser.parse(FILE, text);
        } catch (ScenarioSyntaxException e) {
            throw new AssertionError("unexpected syntax error: " + e.getMessage(), e);
        }
    }

    /**
     * Asserts that {@code text} fails at {@code line}:{@code column}, with a message
     * {@code file:line:col: expected ...} whose detail contains every fragment.
     */
    private static ScenarioSyntaxException assertError(int line, int column, String text, String... fragments) {
        ScenarioSyntaxException e = assertThrows(ScenarioSyntaxException.class, () -> ScenarioParser.parse(FILE, text),
                () -> "no syntax error for:\n" + text);
        String where = FILE + ":" + line + ":" + column;
        assertEquals(where, e.file() + ":" + e.line() + ":" + e.column(), e::getMessage);
        assertTrue(e.getMessage().startsWith(where + ": expected"), e::getMessage);
        assertEquals(where + ": " + e.detail(), e.getMessage());
        for (String f : fragments) {
            assertTrue(e.detail().contains(f), () -> "'" + f + "' not in: " + e.getMessage());
        }
        return e;
    }

    // ================================================================== files and lexing

    @Nested
    @DisplayName("files, lines and lexing")
    class Lexing {

        @Test
        @DisplayName("an empty file lacks its scenario line at 1:1")
        void emptyFile() {
            assertError(1, 1, "", "'scenario <title>'", "end of file");
        }

        @Test
        @DisplayName("a file of comments and blank lines lacks its scenario line at end of file")
        void onlyComments() {
            assertError(4, 1, "# a\n\n   # b\n", "'scenario <title>'", "end of file");
            assertError(1, 4, "# a", "end of file");
        }

        @Test
        @DisplayName("the first statement must be 'scenario'")
        void firstStatementMustBeScenario() {
            assertError(2, 3, "# comment\n  expect clean\nscenario s\n", "'scenario <title>'", "'expect'");
            assertError(1, 1, "thread t\nend\n", "'thread'");
        }

        @Test
        @DisplayName("a file that is not UTF-8 is an error at 1:1")
        void notUtf8(@TempDir Path dir) throws IOException {
            Path p = dir.resolve("bad.scenario");
            Files.write(p, new byte[] {'s', 'c', 'e', 'n', 'a', 'r', 'i', 'o', ' ', (byte) 0xC3, (byte) 0x28, '\n'});
            ScenarioSyntaxException e = assertThrows(ScenarioSyntaxException.class, () -> ScenarioParser.parse(p));
            assertEquals(p.toString(), e.file());
            assertEquals(1, e.line());
            assertEquals(1, e.column());
            assertTrue(e.detail().contains("UTF-8"), e.getMessage());
        }

        @Test
        @DisplayName("a file that cannot be read is an error at 1:1")
        void unreadable(@TempDir Path dir) {
            Path p = dir.resolve("missing.scenario");
            ScenarioSyntaxException e = assertThrows(ScenarioSyntaxException.class, () -> ScenarioParser.parse(p));
            assertEquals(p + ":1:1", e.file() + ":" + e.line() + ":" + e.column());
            assertTrue(e.detail().startsWith("expected") && e.detail().contains("read"), e.getMessage());
        }

        @Test
        @DisplayName("a file read from disk parses like its text, with the path as file name")
        void parsesFromPath(@TempDir Path dir) throws Exception {
            Path p = dir.resolve("ok.scenario");
            Files.writeString(p, "scenario from disk\nexpect clean\n");
            Scenario s = ScenarioParser.parse(p);
            assertEquals(p.toString(), s.file());
            assertEquals("from disk", s.title());
        }

        @Test
        @DisplayName("CRLF line endings parse, and columns ignore the CR")
        void crlf() {
            Scenario s = parse("scenario crlf\r\nlock A mutex\r\nthread t\r\n  lock A\r\n  unlock A\r\nend\r\n");
            assertEquals("crlf", s.title());
            assertEquals(2, s.bodies().get(0).ops().size());
            assertEquals("lock A", s.bodies().get(0).ops().get(0).text());
            assertError(2, 8, "scenario s\r\nlock A semaphore\r\n", "'semaphore'");
        }

        @Test
        @DisplayName("'#' starts a comment anywhere, also right after a word")
        void comments() {
            Scenario s = parse("scenario with # a comment\nlock A mutex# trailing\n# thread x\nthread t  # c\n"
                    + "  lock A#c\nend#c\n");
            assertEquals("with", s.title());
            assertEquals(LockKind.MUTEX, s.locks().get("A").kind());
            assertEquals("lock A", s.bodies().get(0).ops().get(0).text());
        }

        @Test
        @DisplayName("keywords are lower case and case-sensitive")
        void keywordsAreCaseSensitive() {
            assertError(2, 1, HEAD + "Lock A mutex\n", "'Lock'");
            assertError(2, 8, HEAD + "lock A Mutex\n", "'Mutex'");
            assertError(3, 9, HEAD + "thread t\n  alloc gfp_kernel\nend\n", "'gfp_kernel'");
        }
    }

    // ================================================================== top level

    @Nested
    @DisplayName("top-level statements")
    class TopLevel {

        @Test
        @DisplayName("'end' without an open block")
        void endWithoutBlock() {
            assertError(2, 1, HEAD + "end\n", "'end'");
        }

        @Test
        @DisplayName("an operation outside a block")
        void operationOutsideBlock() {
            assertError(2, 3, HEAD + "  signal f\n", "'signal'");
        }

        @Test
        @DisplayName("an unknown statement")
        void unknownStatement() {
            assertError(2, 1, HEAD + "foo bar\n", "'foo'");
        }

        @Test
        @DisplayName("a second scenario line")
        void secondScenario() {
            assertError(3, 2, HEAD + "\n scenario again\n", "'scenario'");
        }

        @Test
        @DisplayName("'scenario' without a title: right after the keyword")
        void scenarioWithoutTitle() {
            assertError(1, 9, "scenario\n", "title");
            assertError(1, 11, "  scenario   # only a comment\n", "title");
        }

        @Test
        @DisplayName("'expect' without anything: right after the keyword")
        void expectWithoutArgument() {
            assertError(2, 7, HEAD + "expect\n", "'clean'");
        }

        @Test
        @DisplayName("'expect' an unknown finding kind")
        void expectUnknownKind() {
            assertError(2, 8, HEAD + "expect circular\n", "'circular'");
            assertError(2, 19, HEAD + "expect bad-unlock Deadlock\n", "'Deadlock'");
        }

        @Test
        @DisplayName("'expect rule:' an unknown rule id")
        void expectUnknownRule() {
            assertError(2, 8, HEAD + "expect rule:FENCE-NOPE\n", "'FENCE-NOPE'");
            assertError(2, 8, HEAD + "expect rule:\n", "rule");
        }

        @Test
        @DisplayName("'expect clean' after findings, on the same line or a later one")
        void cleanAfterFindings() {
            assertError(2, 19, HEAD + "expect bad-unlock clean\n", "'clean'");
            assertError(3, 8, HEAD + "expect bad-unlock\nexpect clean\n", "'clean'");
        }

        @Test
        @DisplayName("a finding after 'expect clean' names the clean line")
        void findingAfterClean() {
            assertError(3, 8, HEAD + "expect clean\nexpect rule:FENCE-ALLOC\n", "line 2", "rule:FENCE-ALLOC");
            assertError(2, 14, HEAD + "expect clean bad-unlock\n", "'bad-unlock'");
        }

        @Test
        @DisplayName("'deadlock' and 'no-deadlock' contradict each other")
        void deadlockContradiction() {
            assertError(2, 17, HEAD + "expect deadlock no-deadlock\n", "'deadlock'", "'no-deadlock'");
            assertError(3, 8, HEAD + "expect no-deadlock\nexpect deadlock\n", "'deadlock'");
        }
    }

    // ================================================================== declarations

    @Nested
    @DisplayName("lock and fence declarations")
    class Declarations {

        @Test
        @DisplayName("lock: missing name, bad name")
        void lockName() {
            assertError(2, 5, HEAD + "lock\n", "lock name", "end of line");
            assertError(2, 6, HEAD + "lock 9x mutex\n", "'9x'");
            assertError(2, 6, HEAD + "lock a+b mutex\n", "'a+b'");
        }

        @Test
        @DisplayName("lock: a built-in name cannot be redeclared")
        void lockBuiltin() {
            for (String builtin : BuiltinNames.ALL) {
                assertError(2, 6, HEAD + "lock " + builtin + " map\n", "'" + builtin + "'");
            }
        }

        @Test
        @DisplayName("lock: a name is declared once, locks and fences share one namespace")
        void lockDuplicate() {
            assertError(3, 7, HEAD + "lock A mutex\nlock  A spinlock\n", "'A'", "line 2");
            assertError(3, 6, HEAD + "fence F\nlock F mutex\n", "'F'", "line 2");
        }

        @Test
        @DisplayName("lock: missing kind, unknown kind")
        void lockKind() {
            assertError(2, 7, HEAD + "lock A\n", "lock kind", "end of line");
            assertError(2, 8, HEAD + "lock A semaphore\n", "'semaphore'");
        }

        @Test
        @DisplayName("lock: 'class' clause errors")
        void lockClass() {
            assertError(2, 14, HEAD + "lock A mutex klass B\n", "'klass'");
            assertError(2, 19, HEAD + "lock A mutex class\n", "class name", "end of line");
            assertError(2, 20, HEAD + "lock A mutex class 1B\n", "'1B'");
            assertError(2, 22, HEAD + "lock A mutex class B C\n", "'C'");
        }

        @Test
        @DisplayName("fence: missing name, bad name, duplicate, built-in")
        void fenceName() {
            assertError(2, 6, HEAD + "fence\n", "fence name", "end of line");
            assertError(2, 7, HEAD + "fence -f\n", "'-f'");
            assertError(3, 7, HEAD + "lock F mutex\nfence F\n", "'F'", "line 2");
            assertError(2, 7, HEAD + "fence dma_fence_map\n", "'dma_fence_map'");
        }

        @Test
        @DisplayName("fence: 'timeline' clause errors")
        void fenceTimeline() {
            assertError(2, 9, HEAD + "fence F line T\n", "'line'");
            assertError(2, 17, HEAD + "fence F timeline\n", "timeline name", "end of line");
            assertError(2, 18, HEAD + "fence F timeline 0t\n", "'0t'");
            assertError(2, 20, HEAD + "fence F timeline T x\n", "'x'");
        }
    }

    // ================================================================== blocks

    @Nested
    @DisplayName("thread, shrinker and notifier blocks")
    class Blocks {

        @Test
        @DisplayName("block header: missing name, bad name, duplicate name")
        void blockName() {
            assertError(2, 7, HEAD + "thread\n", "name", "end of line");
            assertError(2, 9, HEAD + "shrinker\n", "name", "end of line");
            assertError(2, 8, HEAD + "thread 1t\nend\n", "'1t'");
            assertError(4, 10, HEAD + "thread t\nend\nnotifier t\nend\n", "'t'", "line 2");
        }

        @Test
        @DisplayName("thread header: 'context' clause errors")
        void threadContext() {
            assertError(2, 10, HEAD + "thread t ctx kthread\nend\n", "'ctx'");
            assertError(2, 17, HEAD + "thread t context\nend\n", "context", "end of line");
            assertError(2, 18, HEAD + "thread t context irq\nend\n", "'irq'");
            assertError(2, 26, HEAD + "thread t context softirq now\nend\n", "'now'");
        }

        @Test
        @DisplayName("shrinker and notifier headers take nothing after the name")
        void shrinkerAndNotifierHeaders() {
            assertError(2, 12, HEAD + "shrinker s context kthread\nend\n", "'context'");
            assertError(2, 12, HEAD + "notifier n x\nend\n", "'x'");
        }

        @Test
        @DisplayName("a block not closed by end of file names its opening line")
        void unclosedBlock() {
            assertError(4, 1, HEAD + "thread t\n  might_sleep\n", "'end'", "'t'", "line 2", "end of file");
            assertError(2, 11, HEAD + "shrinker s", "'end'", "line 2");
        }

        @Test
        @DisplayName("blocks do not nest")
        void blocksDoNotNest() {
            assertError(3, 3, HEAD + "thread t\n  thread u\nend\nend\n", "'thread'", "do not nest");
            assertError(3, 3, HEAD + "thread t\n  fence F\nend\n", "'fence'");
            assertError(3, 3, HEAD + "thread t\n  expect clean\nend\n", "'expect'");
        }

        @Test
        @DisplayName("a declaration inside a block reads as the operation of the same name")
        void lockDeclarationInsideBlock() {
            assertError(3, 10, HEAD + "thread t\n  lock A mutex\nend\n", "'A'", "'mutex'");
        }

        @Test
        @DisplayName("'end' takes nothing after it")
        void endWithExtra() {
            assertError(3, 5, HEAD + "thread t\nend now\n", "'now'");
        }

        @Test
        @DisplayName("an unknown operation")
        void unknownOperation() {
            assertError(3, 3, HEAD + "thread t\n  grab A\nend\n", "'grab'");
        }
    }

    // ================================================================== operations

    @Nested
    @DisplayName("operation arguments")
    class Operations {

        private void opError(int column, String op, String... fragments) {
            assertError(3, column, HEAD + "thread t\n" + op + "\nend\n", fragments);
        }

        @Test
        @DisplayName("operations without arguments take nothing")
        void noArgumentOps() {
            for (String kw : List.of("nofs_save", "nofs_restore", "noio_save", "noio_restore", "noreclaim_save",
                    "noreclaim_restore", "begin_signalling", "end_signalling", "might_sleep", "irq_disable",
                    "irq_enable", "bh_disable", "bh_enable", "invalidate", "reclaim")) {
                opError(4 + kw.length(), "  " + kw + " x", "'x'", "'" + kw + "'");
            }
        }

        @Test
        @DisplayName("lock operations: missing, bad or extra lock name")
        void lockOps() {
            for (String kw : List.of("lock", "read", "read_recursive", "trylock", "unlock")) {
                opError(3 + kw.length(), "  " + kw, "lock name", "end of line");
                opError(4 + kw.length(), "  " + kw + " 1A", "'1A'");
                opError(6 + kw.length(), "  " + kw + " A B", "'B'");
            }
        }

        @Test
        @DisplayName("ww_lock: 'ctx <Context>' errors")
        void wwLock() {
            opError(10, "  ww_lock", "lock name", "end of line");
            opError(12, "  ww_lock o", "'ctx <Context>'", "end of line");
            opError(13, "  ww_lock o context c", "'context'");
            opError(16, "  ww_lock o ctx", "context name", "end of line");
            opError(17, "  ww_lock o ctx 1c", "'1c'");
            opError(19, "  ww_lock o ctx c d", "'d'");
        }

        @Test
        @DisplayName("fence operations: missing, bad or extra fence name")
        void fenceOps() {
            for (String kw : List.of("publish", "signal", "wait")) {
                opError(3 + kw.length(), "  " + kw, "fence name", "end of line");
                opError(4 + kw.length(), "  " + kw + " 1f", "'1f'");
                opError(6 + kw.length(), "  " + kw + " f g", "'g'");
            }
        }

        @Test
        @DisplayName("ww_acquire and ww_release: context name and 'class' clause errors")
        void wwContextOps() {
            opError(13, "  ww_acquire", "context name", "end of line");
            opError(14, "  ww_acquire 1c", "'1c'");
            opError(16, "  ww_acquire c klass W", "'klass'");
            opError(21, "  ww_acquire c class", "class name", "end of line");
            opError(22, "  ww_acquire c class 1W", "'1W'");
            opError(24, "  ww_acquire c class W x", "'x'");
            opError(13, "  ww_release", "context name", "end of line");
            opError(16, "  ww_release c class W", "'class'");
        }

        @Test
        @DisplayName("alloc: missing, unknown or extra GFP mask")
        void alloc() {
            opError(8, "  alloc", "GFP mask", "end of line");
            opError(9, "  alloc GFP_DMA", "'GFP_DMA'");
            opError(20, "  alloc GFP_KERNEL now", "'now'");
        }
    }

    // ================================================================== names

    @Nested
    @DisplayName("names used by operations")
    class Names {

        @Test
        @DisplayName("an undeclared lock, at the lock's column")
        void undeclaredLock() {
            assertError(3, 10, HEAD + "thread t\n  lock   X\nend\n", "'X'", "not declared");
            assertError(3, 18, HEAD + "thread t\n  read_recursive X\nend\n", "'X'");
        }

        @Test
        @DisplayName("a fence used as a lock")
        void fenceUsedAsLock() {
            assertError(4, 10, HEAD + "fence F\nthread t\n  unlock F\nend\n", "'F'", "fence");
        }

        @Test
        @DisplayName("ww_lock on a lock that is not a ww_mutex")
        void wwLockOnNonWwMutex() {
            assertError(4, 11, HEAD + "lock m mutex\nthread t\n  ww_lock m ctx c\nend\n", "'m'", "ww_mutex");
            assertError(3, 11, HEAD + "thread t\n  ww_lock dma_resv_acquire ctx c\nend\n", "'dma_resv_acquire'");
        }

        @Test
        @DisplayName("an undeclared fence, or a lock used as a fence, at the name's column")
        void fenceNames() {
            assertError(3, 8, HEAD + "thread t\n  wait f\nend\n", "'f'", "not declared");
            assertError(4, 10, HEAD + "lock L mutex\nthread t\n  signal L\nend\n", "'L'", "lock");
            assertError(3, 12, HEAD + "thread t\n  publish  mmap_lock\nend\n", "'mmap_lock'", "lock");
        }

        @Test
        @DisplayName("ww_acquire with a class that is not a ww class")
        void unknownWwClass() {
            assertError(4, 22, HEAD + "lock m mutex class M\nthread t\n  ww_acquire c class M\nend\n", "'M'");
            assertError(3, 22, HEAD + "thread t\n  ww_acquire c class nope\nend\n", "'nope'");
        }

        @Test
        @DisplayName("names may be declared after the block that uses them")
        void forwardReferences() {
            Scenario s = parse(HEAD + "thread t\n  lock A\n  ww_lock bo ctx c\n  wait f\nend\n"
                    + "lock A mutex\nlock bo ww_mutex class dma_resv\nfence f\n");
            assertEquals(3, s.bodies().get(0).ops().size());
        }

        @Test
        @DisplayName("an undeclared lock after a tab is reported at its own column")
        void undeclaredLockAfterTab() {
            assertError(3, 7, HEAD + "thread t\n\tlock\tX\nend\n", "'X'");
        }

        @Test
        @DisplayName("a lock named like the keyword, used as a fence, is reported at the name's column")
        void nameEqualToKeywordIsReportedAtItsOwnColumn() {
            assertError(4, 8, HEAD + "lock wait mutex\nthread t\n  wait wait\nend\n", "'wait'", "lock");
        }
    }

    // ================================================================== valid files

    @Nested
    @DisplayName("valid statements")
    class Valid {

        @Test
        @DisplayName("a full scenario parses into its declarations, blocks and operations")
        void fullScenario() {
            Scenario s = parse("""
                    # leading comment
                    scenario   A title:  with  spaces   # and a comment
                    expect circular-dependency rule:FENCE-ALLOC
                    expect circular-dependency sleep-in-atomic
                    expect deadlock

                    lock A mutex
                    lock S spinlock
                    lock R rwsem class shared_rw
                    lock W rwlock
                    lock bo ww_mutex class dma_resv
                    lock M map
                    fence job
                    fence other timeline ring0

                    thread submit
                      lock A
                      ww_lock bo ctx ticket   # a comment
                      wait other
                    end
                    thread irq context hardirq
                      read_recursive W
                      unlock W
                    end
                    shrinker shrink
                      trylock A
                    end
                    notifier inval
                      alloc GFP_ATOMIC
                    end
                    """);
            assertEquals(FILE, s.file());
            assertEquals("A title:  with  spaces", s.title());
            assertFalse(s.expectations().clean());
            assertEquals(List.of("circular-dependency", "rule:FENCE-ALLOC", "sleep-in-atomic"),
                    s.expectations().findings());
            assertEquals(Boolean.TRUE, s.expectations().deadlock());

            assertEquals(List.of("A", "S", "R", "W", "bo", "M"), new ArrayList<>(s.locks().keySet()));
            assertEquals(new Scenario.LockDecl("A", LockKind.MUTEX, "A", 7), s.locks().get("A"));
            assertEquals(LockKind.SPINLOCK, s.locks().get("S").kind());
            assertEquals(new Scenario.LockDecl("R", LockKind.RWSEM, "shared_rw", 9), s.locks().get("R"));
            assertEquals(LockKind.RWLOCK, s.locks().get("W").kind());
            assertEquals(new Scenario.LockDecl("bo", LockKind.WW_MUTEX, "dma_resv", 11), s.locks().get("bo"));
            assertEquals(LockKind.MAP, s.locks().get("M").kind());
            assertEquals(new Scenario.FenceDecl("job", "job", 13), s.fences().get("job"));
            assertEquals(new Scenario.FenceDecl("other", "ring0", 14), s.fences().get("other"));

            assertEquals(4, s.bodies().size());
            Body submit = s.bodies().get(0);
            assertEquals(Body.Kind.THREAD, submit.kind());
            assertEquals("submit", submit.name());
            assertEquals(ThreadContext.PROCESS, submit.context());
            assertEquals(16, submit.line());
            assertEquals(List.of(
                    new Op(OpCode.LOCK, "A", null, 17, 3, "lock A"),
                    new Op(OpCode.WW_LOCK, "bo", "ticket", 18, 3, "ww_lock bo ctx ticket"),
                    new Op(OpCode.WAIT, "other", null, 19, 3, "wait other")), submit.ops());
            Body irq = s.bodies().get(1);
            assertEquals(ThreadContext.HARDIRQ, irq.context());
            assertEquals(new Op(OpCode.READ_RECURSIVE, "W", null, 22, 3, "read_recursive W"), irq.ops().get(0));
            assertEquals(List.of(s.bodies().get(2)), s.bodies(Body.Kind.SHRINKER));
            assertEquals(ThreadContext.KTHREAD, s.bodies().get(2).context());
            assertEquals(Body.Kind.NOTIFIER, s.bodies().get(3).kind());
            assertEquals(ThreadContext.KTHREAD, s.bodies().get(3).context());
            assertEquals(new Op(OpCode.ALLOC, "GFP_ATOMIC", null, 29, 3, "alloc GFP_ATOMIC"),
                    s.bodies().get(3).ops().get(0));
        }

        @Test
        @DisplayName("every operation keyword parses into its op code, with its arguments")
        void everyOperation() {
            StringBuilder text = new StringBuilder(HEAD + "lock L mutex\nlock bo ww_mutex class dma_resv\nfence f\n"
                    + "thread t\n");
            List<Op> expected = new ArrayList<>();
            int line = 5;
            for (OpCode code : OpCode.values()) {
                String target;
                String extra = null;
                String args;
                switch (code.arg()) {
                    case NONE -> { target = null; args = ""; }
                    case LOCK -> {
                        target = code == OpCode.WW_LOCK ? "bo" : "L";
                        extra = code == OpCode.WW_LOCK ? "c" : null;
                        args = code == OpCode.WW_LOCK ? " bo ctx c" : " L";
                    }
                    case FENCE -> { target = "f"; args = " f"; }
                    case CONTEXT -> {
                        target = "c";
                        extra = code == OpCode.WW_ACQUIRE ? "dma_resv" : null;
                        args = code == OpCode.WW_ACQUIRE ? " c class dma_resv" : " c";
                    }
                    case GFP -> { target = "GFP_NOWAIT"; args = " GFP_NOWAIT"; }
                    default -> throw new IllegalStateException(code.toString());
                }
                text.append("    ").append(code.keyword()).append(args).append('\n');
                expected.add(new Op(code, target, extra, ++line, 5, code.keyword() + args));
            }
            text.append("end\n");
            Scenario s = parse(text.toString());
            assertEquals(expected, s.bodies().get(0).ops());
        }

        @Test
        @DisplayName("every GFP mask, lock kind and thread context keyword parses")
        void everyKeyword() {
            for (String gfp : List.of("GFP_KERNEL", "GFP_NOFS", "GFP_NOIO", "GFP_NOWAIT", "GFP_ATOMIC")) {
                assertEquals(gfp, parse(HEAD + "thread t\n  alloc " + gfp + "\nend\n").bodies().get(0).ops().get(0)
                        .target());
            }
            for (LockKind kind : LockKind.values()) {
                assertEquals(kind, parse(HEAD + "lock X " + kind.keyword() + "\n").locks().get("X").kind());
            }
            for (ThreadContext c : ThreadContext.values()) {
                assertEquals(c, parse(HEAD + "thread t context " + c.keyword() + "\nend\n").bodies().get(0).context());
            }
        }

        @Test
        @DisplayName("expect clean; repeated expect lines are a union without duplicates; no expect states nothing")
        void expectations() {
            Expectations clean = parse(HEAD + "expect clean\nexpect clean no-deadlock\n").expectations();
            assertTrue(clean.clean());
            assertEquals(List.of("clean"), clean.lockdepNames());
            assertEquals(Boolean.FALSE, clean.deadlock());
            Expectations union = parse(HEAD + "expect bad-unlock\nexpect rule:FENCE-LOCK bad-unlock\n")
                    .expectations();
            assertEquals(List.of("bad-unlock", "rule:FENCE-LOCK"), union.findings());
            Expectations none = parse(HEAD).expectations();
            assertFalse(none.statesLockdepVerdict());
            assertNull(none.deadlock());
        }

        @Test
        @DisplayName("names may contain digits, '_', '.' and '-' after the first character")
        void names() {
            Scenario s = parse(HEAD + "lock _a.b-c_9 mutex class K.1\nfence f-1 timeline ring.0\n");
            assertEquals("K.1", s.locks().get("_a.b-c_9").className());
            assertEquals("ring.0", s.fences().get("f-1").timeline());
        }

        @Test
        @DisplayName("built-in names may be used without declaration")
        void builtins() {
            Scenario s = parse(HEAD + "thread t\n  read mmap_lock\n  lock i_mmap_rwsem\n  lock fs_reclaim\n"
                    + "  lock mmu_notifier\n  lock dma_fence_map\n  ww_acquire c\n  ww_lock dma_resv ctx c\n"
                    + "  lock dma_resv_acquire\nend\n");
            assertEquals(8, s.bodies().get(0).ops().size());
        }
    }
}
