package dev.plinth.appcontroller.upload;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EntryNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"plinth.yaml", "lib/app.jar", "static/", "a/b/c/d.txt", "..hidden", "a..b/c", "notes...txt",
            "./start.sh", "dir/./file", "C/not-a-drive.txt", "über/straße.txt", "ab:c.txt"})
    void acceptsPlainRelativeNames(String name) {
        assertEquals(Optional.empty(), EntryNames.problemWith(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "../x", "a/../../x", "a/..", "/x", "//server/share", "\\x", "a\\b", "C:x", "c:/x", "a:b.txt", "x\0", "x\ty", "x\u007f", ""})
    void refusesNamesThatCouldLeaveThePackage(String name) {
        assertTrue(EntryNames.problemWith(name).isPresent(), name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\0b", "line\nbreak"})
    void printsControlCharactersAsEscapes(String name) {
        String shown = EntryNames.printable(name);
        assertTrue(shown.chars().noneMatch(c -> c < 0x20), shown);
        assertTrue(shown.contains("\\u00"), shown);
    }
}
