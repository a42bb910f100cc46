package dev.plinth.bootstrapper.demo;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * A {@link PrintStream} whose lines go to a consumer (a logger), so the simulator classes, which
 * print to a stream as {@code plinth simulate} wants, log instead when the demo runs them inside
 * {@code plinth up}.
 */
final class LogLines extends OutputStream {

    private final Consumer<String> lines;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    private LogLines(Consumer<String> lines) {
        this.lines = lines;
    }

    /** @return a stream that hands each line (without its line break) to {@code lines} */
    static PrintStream to(Consumer<String> lines) {
        return new PrintStream(new LogLines(lines), true, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            flushLine();
        } else if (b != '\r') {
            line.write(b);
        }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            write(bytes[i]);
        }
    }

    @Override
    public synchronized void close() {
        if (line.size() > 0) {
            flushLine();
        }
    }

    private void flushLine() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        lines.accept(text);
    }
}
