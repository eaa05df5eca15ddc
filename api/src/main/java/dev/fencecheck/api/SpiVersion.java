package dev.fencecheck.api;

/** The version of this SPI. Additions keep the version; incompatible changes raise it. */
public final class SpiVersion {
    /** The SPI version of this api artifact. */
    public static final int CURRENT = 1;

    /** The jar manifest attribute a plugin declares its SPI version in. */
    public static final String MANIFEST_ATTRIBUTE = "Fencecheck-SPI-Version";

    private SpiVersion() {
    }
}
