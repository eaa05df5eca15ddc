package dev.fencecheck.scenario;

/**
 * A scenario file that does not follow the format. The message reads
 * {@code file:line:col: what was expected}, the way compilers print errors.
 */
public final class ScenarioSyntaxException extends Exception {
    private final String file;
    private final int line;
    private final int column;
    private final String detail;

    public ScenarioSyntaxException(String file, int line, int column, String detail) {
        super(file + ":" + line + ":" + column + ": " + detail);
        this.file = file;
        this.line = line;
        this.column = column;
        this.detail = detail;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    public String detail() {
        return detail;
    }
}
