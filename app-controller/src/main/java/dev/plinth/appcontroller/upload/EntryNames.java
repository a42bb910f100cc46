package dev.plinth.appcontroller.upload;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks that an entry name is a plain relative path that stays inside the package when unpacked
 * anywhere, on Linux or Windows: the defence against zip-slip.
 */
final class EntryNames {

    private static final Pattern DRIVE_LETTER = Pattern.compile("^[A-Za-z]:.*");

    private EntryNames() {
    }

    /**
     * @param name an entry name as the zip's central directory gives it
     * @return what is wrong with the name, or empty when it is safe
     */
    static Optional<String> problemWith(String name) {
        if (name.isEmpty()) {
            return Optional.of("has an empty name; every entry needs a path inside the package");
        }
        if (name.indexOf('\0') >= 0) {
            return Optional.of("has a NUL byte in its name, which can hide its real name from other tools; rename it");
        }
        if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
            return Optional.of("has a control character (such as a line break) in its name; rename it");
        }
        if (name.indexOf('\\') >= 0) {
            return Optional.of("uses backslashes in its path, which Windows reads as folders; "
                    + "create the zip with a tool that writes / between folders");
        }
        if (DRIVE_LETTER.matcher(name).matches()) {
            return Optional.of("starts with a drive letter; paths must be relative to the root of the package");
        }
        if (name.startsWith("/")) {
            return Optional.of("is an absolute path; paths must be relative to the root of the package");
        }
        for (String segment : name.split("/")) {
            if (segment.equals("..")) {
                return Optional.of("has a '..' segment that points outside the package; paths must stay inside it");
            }
        }
        return Optional.empty();
    }

    /** @return the name with control characters written as {@code \\uXXXX}, safe to show and log */
    static String printable(String name) {
        StringBuilder out = new StringBuilder(name.length());
        name.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7F) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
