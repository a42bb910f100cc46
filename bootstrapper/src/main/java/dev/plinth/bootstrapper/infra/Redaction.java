package dev.plinth.bootstrapper.infra;

/** Takes secrets out of what is logged or shown. */
public final class Redaction {

    private Redaction() {
    }

    /**
     * Removes the password from the user information of a URL or connection string, keeping the
     * user: {@code mongodb://plinth:s3cret@db-1,db-2/plinth} becomes {@code mongodb://plinth:***@db-1,db-2/plinth}.
     * Works on strings {@link java.net.URI} refuses, as MongoDB's host lists.
     *
     * @param uri a URL, or null
     * @return the same without its password
     */
    public static String uri(String uri) {
        if (uri == null) {
            return null;
        }
        int scheme = uri.indexOf("://");
        if (scheme < 0) {
            return uri;
        }
        int authorityStart = scheme + 3;
        // Up to the query: a password may hold an unescaped '/' or '@' (invalid, but it must not leak
        // then either), so the last '@' before the query ends the user information. A path with an
        // '@' in it is masked too much, never too little.
        int end = uri.length();
        for (char c : new char[]{'?', '#'}) {
            int at = uri.indexOf(c, authorityStart);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        int at = uri.lastIndexOf('@', end - 1);
        if (at < authorityStart) {
            return uri;
        }
        String userInfo = uri.substring(authorityStart, at);
        int colon = userInfo.indexOf(':');
        if (colon < 0) {
            return uri;
        }
        return uri.substring(0, authorityStart) + userInfo.substring(0, colon) + ":***" + uri.substring(at);
    }
}
