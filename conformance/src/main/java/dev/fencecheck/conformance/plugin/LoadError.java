package dev.fencecheck.conformance.plugin;

/**
 * A plugin that could not be loaded, and why; the other plugins load regardless.
 *
 * @param source      the jar (or class directory), or the services file when the class is unknown
 * @param pluginClass the class named in META-INF/services, if known
 * @param message     one line: what went wrong
 */
public record LoadError(String source, String pluginClass, String message) {
    public String describe() {
        return source + (pluginClass == null ? "" : " (" + pluginClass + ")") + ": " + message;
    }
}
