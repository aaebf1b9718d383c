package dev.upshift.console;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Renders the server-side pages from the Mustache templates in {@code console/} (values are HTML-escaped unless a
 * template says otherwise). The style sheet is inlined into every page, so that a page, and the static report
 * above all, needs nothing from the network.
 */
final class Pages {
    private final MustacheFactory factory = new DefaultMustacheFactory("console");
    private final Map<String, Mustache> compiled = new ConcurrentHashMap<>();
    private final String css;

    Pages() {
        try (InputStream in = Pages.class.getResourceAsStream("/console/console.css")) {
            css = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Renders {@code template} with {@code model}; the style sheet is available to it as {@code css}. */
    String render(String template, Map<String, Object> model) {
        Map<String, Object> scope = new HashMap<>(model);
        scope.put("css", css);
        StringWriter out = new StringWriter();
        compiled.computeIfAbsent(template, name -> factory.compile(name + ".mustache")).execute(out, scope);
        return out.toString();
    }
}
