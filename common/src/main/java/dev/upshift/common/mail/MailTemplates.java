package dev.upshift.common.mail;

import dev.upshift.common.config.ConfigException;
import dev.upshift.common.model.SignalType;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One template per playbook (signal id), as files a CS team edits: {@code <signal>.txt}, a {@code Subject:}
 * line, a blank line, then the body. Placeholders are {@code {{name}}}, filled from {@link DraftFacts}. Every
 * template is checked when loaded, so a typo fails the job at start, not on a customer's mail.
 */
public final class MailTemplates implements Serializable {
    public static final String BUNDLED = "templates/";
    static final Set<String> PLACEHOLDERS = Set.of("contactName", "accountName", "ownerName", "signature", "currentPlan",
            "evidence", "priceLine");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z]+)\\s*}}");
    private static final String SUBJECT = "Subject: ";

    private record Template(String subject, String body) implements Serializable {}

    private final Map<String, Template> bySignal;
    private final String version;

    private MailTemplates(Map<String, Template> bySignal, String version) {
        this.bySignal = bySignal;
        this.version = version;
    }

    /** Where the templates came from and a fingerprint of their text, for the audit trail. */
    public String version() {
        return version;
    }

    /** The templates in {@code directory}, or the bundled ones when it is empty. */
    public static MailTemplates load(String directory) {
        Map<String, Template> templates = new LinkedHashMap<>();
        List<ConfigException.Problem> problems = new ArrayList<>();
        MessageDigest fingerprint = sha256();
        for (SignalType type : SignalType.values()) {
            String file = type.id() + ".txt";
            String origin = directory.isEmpty() ? "classpath:" + BUNDLED + file : Path.of(directory, file).toString();
            String text = directory.isEmpty() ? bundled(file) : read(Path.of(directory, file));
            if (text == null) {
                problems.add(new ConfigException.Problem(origin, "(file)", "a template for the " + type.id() + " playbook"));
                continue;
            }
            fingerprint.update(text.getBytes(StandardCharsets.UTF_8));
            Template template = parse(origin, text, type, problems);
            if (template != null) {
                templates.put(type.id(), template);
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        String source = directory.isEmpty() ? "bundled" : directory;
        return new MailTemplates(templates, "templates:" + source + "@" + HexFormat.of().formatHex(fingerprint.digest(), 0, 6));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    public Draft render(DraftFacts facts) {
        Template template = bySignal.get(facts.signal());
        Map<String, String> values = facts.placeholders();
        return new Draft(fill(template.subject(), values), fill(template.body(), values).strip());
    }

    private static String fill(String text, Map<String, String> values) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder filled = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(filled, Matcher.quoteReplacement(values.getOrDefault(matcher.group(1), "")));
        }
        return matcher.appendTail(filled).toString();
    }

    private static Template parse(String origin, String text, SignalType type, List<ConfigException.Problem> problems) {
        String[] lines = text.replace("\r\n", "\n").split("\n", -1);
        if (!lines[0].startsWith(SUBJECT) || lines.length < 3 || !lines[1].isBlank()) {
            problems.add(new ConfigException.Problem(origin, "line 1", "'Subject: <subject>', then a blank line, then the body"));
            return null;
        }
        int before = problems.size();
        for (int i = 0; i < lines.length; i++) {
            Matcher matcher = PLACEHOLDER.matcher(lines[i]);
            while (matcher.find()) {
                if (!PLACEHOLDERS.contains(matcher.group(1))) {
                    problems.add(new ConfigException.Problem(origin, "line " + (i + 1),
                            "a placeholder among " + PLACEHOLDERS.stream().sorted().toList() + ", got {{" + matcher.group(1) + "}}"));
                }
            }
        }
        String body = String.join("\n", List.of(lines).subList(2, lines.length));
        require(body.contains("{{evidence}}"), origin, "{{evidence}} in the body: every mail quotes the signal's metric", problems);
        boolean priced = type.intent() != SignalType.Intent.EDUCATION;
        require(priced == body.contains("{{priceLine}}") && !lines[0].contains("{{priceLine}}"), origin, priced
                ? "{{priceLine}} in the body, in its last lines" : "no {{priceLine}}: an education touch never mentions a price", problems);
        return problems.size() == before ? new Template(lines[0].substring(SUBJECT.length()).strip(), body) : null;
    }

    private static void require(boolean ok, String origin, String expectation, List<ConfigException.Problem> problems) {
        if (!ok) {
            problems.add(new ConfigException.Problem(origin, "(body)", "expected " + expectation));
        }
    }

    private static String bundled(String file) {
        try (InputStream in = MailTemplates.class.getClassLoader().getResourceAsStream(BUNDLED + file)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file) : null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read template " + file, e);
        }
    }
}
