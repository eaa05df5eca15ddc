package dev.fencecheck.scenario;

import dev.fencecheck.api.kernel.Gfp;
import dev.fencecheck.kernel.Rules;
import dev.fencecheck.lockdep.FindingKind;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses the {@code .scenario} format of {@code docs/scenario-format.md}. Every deviation is a
 * {@link ScenarioSyntaxException} naming the file, line and column and what was expected there.
 */
public final class ScenarioParser {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
    private static final List<String> TOP_LEVEL = List.of("scenario", "expect", "lock", "fence", "thread",
            "shrinker", "notifier");
    private static final String GFP_NAMES = "GFP_KERNEL, GFP_NOFS, GFP_NOIO, GFP_NOWAIT or GFP_ATOMIC";

    private final String file;
    private final String text;

    private String title;
    private boolean clean;
    private int cleanLine;
    private final Set<String> expected = new LinkedHashSet<>();
    private Boolean deadlock;
    private final Map<String, Scenario.LockDecl> locks = new LinkedHashMap<>();
    private final Map<String, Scenario.FenceDecl> fences = new LinkedHashMap<>();
    private final List<Body> bodies = new ArrayList<>();
    private final Map<String, Integer> declaredAt = new LinkedHashMap<>();
    /** The columns of each operation's target and extra names, for errors found after parsing. */
    private final Map<Op, int[]> argColumns = new java.util.IdentityHashMap<>();

    // The block being read.
    private Body.Kind blockKind;
    private String blockName;
    private ThreadContext blockContext;
    private int blockLine;
    private List<Op> blockOps;

    private ScenarioParser(String file, String text) {
        this.file = file;
        this.text = text;
    }

    /** Reads and parses a file; unreadable or non-UTF-8 files are syntax errors at 1:1. */
    public static Scenario parse(Path path) throws ScenarioSyntaxException {
        String name = path.toString();
        String text;
        try {
            byte[] bytes = Files.readAllBytes(path);
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ScenarioSyntaxException(name, 1, 1, "expected UTF-8 text, found bytes that are not UTF-8");
        } catch (IOException e) {
            throw new ScenarioSyntaxException(name, 1, 1, "expected a readable file, but reading failed: " + describe(e));
        }
        return parse(name, text);
    }

    private static String describe(IOException e) {
        String msg = e.getMessage();
        return e.getClass().getSimpleName() + (msg == null ? "" : " " + msg);
    }

    public static Scenario parse(String file, String text) throws ScenarioSyntaxException {
        return new ScenarioParser(file, text).parse();
    }

    private Scenario parse() throws ScenarioSyntaxException {
        String[] lines = text.split("\n", -1);
        int lineNo = 0;
        for (String raw : lines) {
            lineNo++;
            String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            List<Token> tokens = tokenize(line, lineNo);
            if (tokens.isEmpty()) {
                continue;
            }
            if (blockKind != null) {
                blockStatement(line, tokens);
            } else {
                topLevelStatement(line, tokens);
            }
        }
        int eofLine = lines.length;
        int eofColumn = lines[lines.length - 1].length() + 1;
        if (blockKind != null) {
            throw error(eofLine, eofColumn, "expected 'end' to close " + blockWord() + " '" + blockName
                    + "' opened at line " + blockLine + ", found end of file");
        }
        if (title == null) {
            throw error(eofLine, eofColumn, "expected 'scenario <title>' as the first statement, found end of file");
        }
        resolveNames();
        return new Scenario(file, title, new Expectations(clean, new ArrayList<>(expected), deadlock),
                locks, fences, bodies);
    }

    // ---------------------------------------------------------------- lexing

    /** A word of a line and its 1-based column. */
    private record Token(String text, int column, int line) {
    }

    private static List<Token> tokenize(String line, int lineNo) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (c == '#') {
                break;
            }
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int start = i;
            while (i < n && !Character.isWhitespace(line.charAt(i)) && line.charAt(i) != '#') {
                i++;
            }
            tokens.add(new Token(line.substring(start, i), start + 1, lineNo));
        }
        return tokens;
    }

    // ---------------------------------------------------------------- statements

    private void topLevelStatement(String line, List<Token> t) throws ScenarioSyntaxException {
        Token kw = t.get(0);
        if (title == null && !kw.text().equals("scenario")) {
            throw error(kw, "expected 'scenario <title>' as the first statement, found '" + kw.text() + "'");
        }
        switch (kw.text()) {
            case "scenario" -> scenarioLine(line, t);
            case "expect" -> expectLine(t);
            case "lock" -> lockDecl(t);
            case "fence" -> fenceDecl(t);
            case "thread" -> openBlock(t, Body.Kind.THREAD);
            case "shrinker" -> openBlock(t, Body.Kind.SHRINKER);
            case "notifier" -> openBlock(t, Body.Kind.NOTIFIER);
            case "end" -> throw error(kw, "expected a statement, found 'end' without an open thread, shrinker or notifier block");
            default -> {
                if (OpCode.byKeyword(kw.text()) != null) {
                    throw error(kw, "expected a statement, found operation '" + kw.text()
                            + "', which belongs inside a thread, shrinker or notifier block");
                }
                throw error(kw, "expected a statement (scenario, expect, lock, fence, thread, shrinker, notifier),"
                        + " found '" + kw.text() + "'");
            }
        }
    }

    private void scenarioLine(String line, List<Token> t) throws ScenarioSyntaxException {
        Token kw = t.get(0);
        if (title != null) {
            throw error(kw, "expected one 'scenario' line per file, found a second one");
        }
        if (t.size() < 2) {
            throw error(kw.line(), kw.column() + kw.text().length(), "expected a title after 'scenario'");
        }
        int hash = line.indexOf('#', t.get(1).column() - 1);
        String rest = hash < 0 ? line.substring(t.get(1).column() - 1) : line.substring(t.get(1).column() - 1, hash);
        title = rest.strip();
    }

    private void expectLine(List<Token> t) throws ScenarioSyntaxException {
        if (t.size() < 2) {
            Token kw = t.get(0);
            throw error(kw.line(), kw.column() + kw.text().length(),
                    "expected 'clean', a finding kind or rule:<ID> after 'expect'");
        }
        for (Token w : t.subList(1, t.size())) {
            String s = w.text();
            switch (s) {
                case "clean" -> {
                    if (!expected.isEmpty()) {
                        throw error(w, "expected finding names, found 'clean' ('expect clean' cannot be mixed with findings)");
                    }
                    clean = true;
                    cleanLine = w.line();
                }
                case "deadlock", "no-deadlock" -> {
                    boolean d = s.equals("deadlock");
                    if (deadlock != null && deadlock != d) {
                        throw error(w, "expected one explore verdict, found both 'deadlock' and 'no-deadlock'");
                    }
                    deadlock = d;
                }
                default -> {
                    if (s.startsWith("rule:")) {
                        String id = s.substring(5);
                        if (!Rules.isRule(id)) {
                            throw error(w, "expected a rule id of docs/rules.md after 'rule:', found '" + id + "'");
                        }
                    } else if (FindingKind.byId(s) == null || s.equals(FindingKind.DEADLOCK.id())) {
                        throw error(w, "expected 'clean', 'deadlock', 'no-deadlock', rule:<ID> or a finding kind ("
                                + kindList() + "), found '" + s + "'");
                    }
                    if (clean) {
                        throw error(w, "expected no finding after 'expect clean' (line " + cleanLine + "), found '" + s + "'");
                    }
                    expected.add(s);
                }
            }
        }
    }

    private static String kindList() {
        List<String> ids = new ArrayList<>();
        for (FindingKind k : FindingKind.values()) {
            if (k != FindingKind.DEADLOCK) {
                ids.add(k.id());
            }
        }
        return String.join(", ", ids);
    }

    private void lockDecl(List<Token> t) throws ScenarioSyntaxException {
        Token name = need(t, 1, "a lock name after 'lock'");
        declare(name);
        Token kindTok = need(t, 2, "a lock kind (mutex, spinlock, rwsem, rwlock, ww_mutex, map) after the lock name");
        LockKind kind = LockKind.byKeyword(kindTok.text());
        if (kind == null) {
            throw error(kindTok, "expected a lock kind (mutex, spinlock, rwsem, rwlock, ww_mutex, map), found '"
                    + kindTok.text() + "'");
        }
        String className = name.text();
        if (t.size() > 3) {
            Token cls = t.get(3);
            if (!cls.text().equals("class")) {
                throw error(cls, "expected 'class <ClassName>' or the end of the line, found '" + cls.text() + "'");
            }
            Token cn = need(t, 4, "a class name after 'class'");
            checkName(cn);
            className = cn.text();
            noMore(t, 5);
        }
        locks.put(name.text(), new Scenario.LockDecl(name.text(), kind, className, name.line()));
    }

    private void fenceDecl(List<Token> t) throws ScenarioSyntaxException {
        Token name = need(t, 1, "a fence name after 'fence'");
        declare(name);
        String timeline = name.text();
        if (t.size() > 2) {
            Token tl = t.get(2);
            if (!tl.text().equals("timeline")) {
                throw error(tl, "expected 'timeline <Timeline>' or the end of the line, found '" + tl.text() + "'");
            }
            Token tn = need(t, 3, "a timeline name after 'timeline'");
            checkName(tn);
            timeline = tn.text();
            noMore(t, 4);
        }
        fences.put(name.text(), new Scenario.FenceDecl(name.text(), timeline, name.line()));
    }

    private void openBlock(List<Token> t, Body.Kind kind) throws ScenarioSyntaxException {
        blockKind = kind;
        Token name = need(t, 1, "a name after '" + blockWord() + "'");
        checkName(name);
        for (Body b : bodies) {
            if (b.name().equals(name.text())) {
                throw error(name, "expected a new name, '" + name.text() + "' already names a block at line "
                        + b.line());
            }
        }
        ThreadContext context = ThreadContext.KTHREAD;
        if (kind == Body.Kind.THREAD) {
            context = ThreadContext.PROCESS;
            if (t.size() > 2) {
                Token c = t.get(2);
                if (!c.text().equals("context")) {
                    throw error(c, "expected 'context <ctx>' or the end of the line, found '" + c.text() + "'");
                }
                Token ctx = need(t, 3, "a context (process, kthread, softirq, hardirq) after 'context'");
                context = ThreadContext.byKeyword(ctx.text());
                if (context == null) {
                    throw error(ctx, "expected a context (process, kthread, softirq, hardirq), found '"
                            + ctx.text() + "'");
                }
                noMore(t, 4);
            }
        } else {
            noMore(t, 2);
        }
        blockName = name.text();
        blockContext = context;
        blockLine = name.line();
        blockOps = new ArrayList<>();
    }

    private String blockWord() {
        return switch (blockKind) {
            case THREAD -> "thread";
            case SHRINKER -> "shrinker";
            case NOTIFIER -> "notifier";
        };
    }

    private void blockStatement(String line, List<Token> t) throws ScenarioSyntaxException {
        Token kw = t.get(0);
        if (kw.text().equals("end")) {
            noMore(t, 1);
            bodies.add(new Body(blockKind, blockName, blockContext, blockOps, blockLine));
            blockKind = null;
            return;
        }
        OpCode code = OpCode.byKeyword(kw.text());
        if (code == null) {
            if (TOP_LEVEL.contains(kw.text())) {
                throw error(kw, "expected an operation or 'end' to close " + blockWord() + " '" + blockName
                        + "' (opened at line " + blockLine + "; blocks do not nest), found '" + kw.text() + "'");
            }
            throw error(kw, "expected an operation or 'end', found '" + kw.text() + "'");
        }
        String target = null;
        String extra = null;
        int targetColumn = 0;
        int extraColumn = 0;
        switch (code.arg()) {
            case NONE -> noMore(t, 1);
            case LOCK -> {
                Token x = need(t, 1, "a lock name after '" + code.keyword() + "'");
                checkName(x);
                target = x.text();
                targetColumn = x.column();
                if (code == OpCode.WW_LOCK) {
                    Token c = need(t, 2, "'ctx <Context>' after the lock name");
                    if (!c.text().equals("ctx")) {
                        throw error(c, "expected 'ctx <Context>', found '" + c.text() + "'");
                    }
                    Token ctx = need(t, 3, "an acquire context name after 'ctx'");
                    checkName(ctx);
                    extra = ctx.text();
                    extraColumn = ctx.column();
                    noMore(t, 4);
                } else {
                    noMore(t, 2);
                }
            }
            case FENCE -> {
                Token f = need(t, 1, "a fence name after '" + code.keyword() + "'");
                checkName(f);
                target = f.text();
                targetColumn = f.column();
                noMore(t, 2);
            }
            case CONTEXT -> {
                Token c = need(t, 1, "an acquire context name after '" + code.keyword() + "'");
                checkName(c);
                target = c.text();
                targetColumn = c.column();
                if (code == OpCode.WW_ACQUIRE && t.size() > 2) {
                    Token cls = t.get(2);
                    if (!cls.text().equals("class")) {
                        throw error(cls, "expected 'class <WwClass>' or the end of the line, found '"
                                + cls.text() + "'");
                    }
                    Token w = need(t, 3, "a ww class name after 'class'");
                    checkName(w);
                    extra = w.text();
                    extraColumn = w.column();
                    noMore(t, 4);
                } else {
                    noMore(t, 2);
                }
            }
            case GFP -> {
                Token g = need(t, 1, "a GFP mask (" + GFP_NAMES + ") after 'alloc'");
                if (Gfp.byName(g.text()) == null) {
                    throw error(g, "expected a GFP mask (" + GFP_NAMES + "), found '" + g.text() + "'");
                }
                target = g.text();
                noMore(t, 2);
            }
            default -> throw new IllegalStateException(code.arg().toString());
        }
        int hash = line.indexOf('#', kw.column() - 1);
        String opText = (hash < 0 ? line.substring(kw.column() - 1) : line.substring(kw.column() - 1, hash)).strip();
        Op op = new Op(code, target, extra, kw.line(), kw.column(), opText);
        argColumns.put(op, new int[] {targetColumn, extraColumn});
        blockOps.add(op);
    }

    // ---------------------------------------------------------------- names

    private void declare(Token name) throws ScenarioSyntaxException {
        checkName(name);
        if (BuiltinNames.isBuiltin(name.text())) {
            throw error(name, "expected a new name, '" + name.text() + "' is built in and cannot be redeclared");
        }
        Integer at = declaredAt.get(name.text());
        if (at != null) {
            throw error(name, "expected a new name, '" + name.text() + "' is already declared at line " + at);
        }
        declaredAt.put(name.text(), name.line());
    }

    private void checkName(Token name) throws ScenarioSyntaxException {
        if (!NAME.matcher(name.text()).matches()) {
            throw error(name, "expected a name ([A-Za-z_][A-Za-z0-9_.-]*), found '" + name.text() + "'");
        }
    }

    /** Names used by operations must be declared (anywhere in the file) with the right kind. */
    private void resolveNames() throws ScenarioSyntaxException {
        Set<String> wwClasses = new LinkedHashSet<>();
        wwClasses.add(BuiltinNames.DMA_RESV);
        for (Scenario.LockDecl d : locks.values()) {
            if (d.kind() == LockKind.WW_MUTEX) {
                wwClasses.add(d.className());
            }
        }
        for (Body b : bodies) {
            for (Op op : b.ops()) {
                switch (op.code().arg()) {
                    case LOCK -> {
                        if (!locks.containsKey(op.target()) && !BuiltinNames.isBuiltin(op.target())) {
                            throw error(op.line(), argColumns.get(op)[0], fences.containsKey(op.target())
                                    ? "expected a lock, '" + op.target() + "' is a fence"
                                    : "expected a declared lock, '" + op.target() + "' is not declared");
                        }
                        if (op.code() == OpCode.WW_LOCK) {
                            Scenario.LockDecl d = locks.get(op.target());
                            boolean ww = d == null ? op.target().equals(BuiltinNames.DMA_RESV)
                                    : d.kind() == LockKind.WW_MUTEX;
                            if (!ww) {
                                throw error(op.line(), argColumns.get(op)[0],
                                        "expected a ww_mutex for 'ww_lock', '" + op.target() + "' is not one");
                            }
                        }
                    }
                    case FENCE -> {
                        if (!fences.containsKey(op.target())) {
                            throw error(op.line(), argColumns.get(op)[0],
                                    locks.containsKey(op.target()) || BuiltinNames.isBuiltin(op.target())
                                            ? "expected a fence, '" + op.target() + "' is a lock"
                                            : "expected a declared fence, '" + op.target() + "' is not declared");
                        }
                    }
                    case CONTEXT -> {
                        if (op.extra() != null && !wwClasses.contains(op.extra())) {
                            throw error(op.line(), argColumns.get(op)[1],
                                    "expected a ww class (dma_resv or the class of a declared ww_mutex), found '"
                                            + op.extra() + "'");
                        }
                    }
                    default -> {
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- errors

    private Token need(List<Token> t, int index, String what) throws ScenarioSyntaxException {
        if (index < t.size()) {
            return t.get(index);
        }
        Token last = t.get(t.size() - 1);
        throw error(last.line(), last.column() + last.text().length(), "expected " + what + ", found end of line");
    }

    private void noMore(List<Token> t, int count) throws ScenarioSyntaxException {
        if (t.size() > count) {
            Token extra = t.get(count);
            throw error(extra, "expected the end of the line after '" + t.get(count - 1).text() + "', found '"
                    + extra.text() + "'");
        }
    }

    private ScenarioSyntaxException error(Token at, String detail) {
        return error(at.line(), at.column(), detail);
    }

    private ScenarioSyntaxException error(int line, int column, String detail) {
        return new ScenarioSyntaxException(file, line, column, detail);
    }
}
