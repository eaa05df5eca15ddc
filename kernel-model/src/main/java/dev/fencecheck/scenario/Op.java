package dev.fencecheck.scenario;

/**
 * One operation of a body.
 *
 * @param code   what it does
 * @param target the lock, fence, acquire context or GFP mask it names, or null
 * @param extra  {@code ww_acquire ... class W}: W; {@code ww_lock ... ctx C}: C; else null
 * @param line   its line in the file
 * @param column the column of its first character
 * @param text   the statement as written, without comment
 */
public record Op(OpCode code, String target, String extra, int line, int column, String text) {
}
