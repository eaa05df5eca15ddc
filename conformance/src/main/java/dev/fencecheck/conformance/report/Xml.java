package dev.fencecheck.conformance.report;

/** Escaping for XML and HTML text and attribute values. */
public final class Xml {
    private Xml() {
    }

    public static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
                        out.append('?'); // not allowed in XML 1.0, even as a reference
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
