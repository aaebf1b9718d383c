package dev.upshift.jobs.unsubscribe;

/** The unsubscribe endpoint's pages: plain HTML, nothing from the account shown, nothing loaded from elsewhere. */
final class Pages {
    private Pages() {}

    /** The page a click shows: the opt-out happens only when the button is pressed (link scanners only GET). */
    static String confirm(String token) {
        return page("Unsubscribe?", "<p>Stop getting messages like this one?</p>"
                + "<form method=\"post\" action=\"?token=" + escape(token) + "\">"
                + "<input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">"
                + "<button type=\"submit\">Unsubscribe</button></form>");
    }

    static String message(String title, String text) {
        return page(title, "<p>" + escape(text) + "</p>");
    }

    private static String page(String title, String body) {
        return "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + escape(title) + "</title></head><body><h1>"
                + escape(title) + "</h1>" + body + "</body></html>";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
