package dev.fencecheck.conformance.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A driver's known failures, in the style of GPU conformance runners:
 * {@code baselines/<driver>-fails.txt}, one {@code <scenario>/<RULE-ID>,Fail} (or
 * {@code ,Crash}, {@code ,Timeout}) per line, {@code #} comments saying why the real driver fails.
 */
public final class Baseline {
    private static final Pattern LINE = Pattern.compile("([a-z0-9][a-z0-9-]*)/([A-Za-z0-9-]+),(Fail|Crash|Timeout)");

    private static final String HEADER_1 = "# Known failures of ";
    private static final String HEADER_2 =
            "# Each line says, in a comment above it, why the real driver fails (kernel file, thread).";

    private final Map<String, Status> expected;

    private Baseline(Map<String, Status> expected) {
        this.expected = expected;
    }

    public static Baseline empty() {
        return new Baseline(Map.of());
    }

    /** A malformed baseline file: the message names the file and line and what was expected. */
    public static final class BaselineException extends Exception {
        public BaselineException(String message) {
            super(message);
        }
    }

    public static Path fileFor(Path dir, String driver) {
        return dir.resolve(driver.replace('/', '_') + "-fails.txt");
    }

    /** Reads the driver's baseline from {@code dir}; a missing file is an empty baseline. */
    public static Baseline read(Path dir, String driver) throws BaselineException {
        Path file = fileFor(dir, driver);
        if (!Files.exists(file)) {
            return empty();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BaselineException(file + ": cannot read: " + e.getMessage());
        }
        return parse(file.toString(), lines);
    }

    public static Baseline parse(String name, List<String> lines) throws BaselineException {
        Map<String, Status> expected = new LinkedHashMap<>();
        int n = 0;
        for (String raw : lines) {
            n++;
            int hash = raw.indexOf('#');
            String line = (hash < 0 ? raw : raw.substring(0, hash)).strip();
            if (line.isEmpty()) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new BaselineException(name + ":" + n + ": expected '<scenario>/<RULE-ID>,Fail' (or ,Crash or "
                        + ",Timeout), found '" + line + "'");
            }
            Status status = switch (m.group(3)) {
                case "Fail" -> Status.FAIL;
                case "Crash" -> Status.ERROR;
                default -> Status.TIMEOUT;
            };
            String key = m.group(1) + "/" + m.group(2);
            if (expected.put(key, status) != null) {
                throw new BaselineException(name + ":" + n + ": expected each result once, '" + key
                        + "' is listed again");
            }
        }
        return new Baseline(expected);
    }

    /** Whether the baseline expects this result: listed failures fail, everything else passes or skips. */
    public boolean expects(Result r) {
        Status listed = expected.get(r.key());
        if (listed == null) {
            return r.status() == Status.PASS || r.status() == Status.SKIP;
        }
        return listed == r.status();
    }

    /** Listed results that did not occur at all in the run (stale lines). */
    public List<String> keys() {
        return List.copyOf(expected.keySet());
    }

    /** The baseline file for these results, keeping the comments of an existing file. */
    public static String render(String driver, List<Result> results, List<String> oldLines) {
        Map<String, String> comments = new LinkedHashMap<>();
        StringBuilder pending = new StringBuilder();
        for (String raw : oldLines) {
            String s = raw.strip();
            if (s.startsWith(HEADER_1) || s.startsWith(HEADER_2)) {
                continue; // written again below
            }
            if (s.startsWith("#")) {
                pending.append(raw).append('\n');
            } else if (!s.isEmpty()) {
                String key = s.contains(",") ? s.substring(0, s.indexOf(',')).strip() : s;
                comments.put(key, pending.toString());
                pending.setLength(0);
            }
        }
        StringBuilder out = new StringBuilder();
        out.append(HEADER_1).append(driver).append(": <scenario>/<RULE-ID>,Fail|Crash|Timeout\n");
        out.append(HEADER_2).append('\n');
        for (Result r : results) {
            String word = switch (r.status()) {
                case FAIL -> "Fail";
                case ERROR -> "Crash";
                case TIMEOUT -> "Timeout";
                default -> null;
            };
            if (word == null) {
                continue;
            }
            String comment = comments.get(r.key());
            out.append(comment != null && !comment.isEmpty() ? comment
                    : "# " + (r.reason().isEmpty() ? "(explain the kernel behaviour behind this failure)" : r.reason())
                    + "\n");
            out.append(r.key()).append(',').append(word).append('\n');
        }
        return out.toString();
    }
}
