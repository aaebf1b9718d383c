package dev.upshift.console;

import at.favre.lib.crypto.bcrypt.BCrypt;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.upshift.common.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The console's users file: who may sign in, and which accounts each sees (for the embedded default with a
 * password; behind an OIDC proxy, see docs/console.md, the proxy signs them in and this file still says who they are):
 * <pre>
 * users:
 *   - id: csm-1            # the ownerId on account records: the accounts this user sees and decides on
 *     name: Ana Lopez
 *     passwordHash: "$2a$12$..."   # ./upshift console hash-password; leave out for OIDC-only users
 * </pre>
 * Passwords are only ever held as salted BCrypt hashes (cost 12 unless the hash says otherwise). Who is an
 * admin is not in this file: it is {@code delivery.review.admins} of the config, the same list the review gate
 * enforces, so that the console never shows a button the job would refuse.
 */
public final class Users {
    static final int COST = 12;
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** Verified in place of a missing user, so that a wrong name costs as much time as a wrong password. */
    private static final String DUMMY_HASH = new String(BCrypt.withDefaults().hash(COST, "no-such-user".toCharArray()),
            StandardCharsets.UTF_8);

    record User(String id, String name, boolean admin) {
        /** Whether this user may see and decide on an account owned by {@code ownerId}. */
        boolean mayAct(String ownerId) {
            return admin || id.equals(ownerId);
        }
    }

    /** @param passwordHash null for a user who signs in only through the OIDC proxy */
    private record Entry(User user, String passwordHash) {}

    private final Map<String, Entry> entries;

    private Users(Map<String, Entry> entries) {
        this.entries = entries;
    }

    /** Reads and checks the whole file; every problem is reported with its path, as config problems are. */
    static Users load(Path file, Set<String> admins) {
        String name = file.toString();
        JsonNode root;
        try {
            root = YAML.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new ConfigException(name, "(file)", "a readable YAML users file (" + e.getMessage() + ")");
        }
        if (root == null || !root.path("users").isArray() || root.path("users").isEmpty()) {
            throw new ConfigException(name, "users", "a list of users, each with id, name and passwordHash");
        }
        List<ConfigException.Problem> problems = new ArrayList<>();
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (int i = 0; i < root.path("users").size(); i++) {
            JsonNode user = root.path("users").get(i);
            String path = "users[" + i + "]";
            String id = user.path("id").asText("").strip();
            String hash = user.path("passwordHash").asText("");
            if (id.isEmpty()) {
                problems.add(new ConfigException.Problem(name, path + ".id", "a non-empty user id (the ownerId of their accounts)"));
            } else if (entries.containsKey(id)) {
                problems.add(new ConfigException.Problem(name, path + ".id", "a user id listed once; '" + id + "' is listed twice"));
            }
            if (user.has("passwordHash") && !hash.matches("\\$2[aby]\\$\\d{2}\\$[./A-Za-z0-9]{53}")) {
                problems.add(new ConfigException.Problem(name, path + ".passwordHash",
                        "a BCrypt hash ($2a$12$…, from ./upshift console hash-password), never a password; or no passwordHash for a user "
                                + "who signs in only through the OIDC proxy"));
            }
            String displayName = user.path("name").asText(id);
            entries.put(id, new Entry(new User(id, displayName, admins.contains(id)), user.has("passwordHash") ? hash : null));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new Users(entries);
    }

    /** The user, when the password matches; the same work is done whether or not the user exists. */
    Optional<User> signIn(String id, String password) {
        Entry entry = entries.get(id == null ? "" : id.strip());
        boolean known = entry != null && entry.passwordHash() != null;
        String hash = known ? entry.passwordHash() : DUMMY_HASH;
        boolean verified = BCrypt.verifyer().verify(password == null ? new char[0] : password.toCharArray(), hash).verified;
        return verified && known ? Optional.of(entry.user()) : Optional.empty();
    }

    /** The user a trusted proxy (OIDC) vouches for, by id; empty for anyone not in the file. */
    Optional<User> vouchedFor(String id) {
        return Optional.ofNullable(id == null ? null : entries.get(id.strip())).map(Entry::user);
    }

    static String hash(char[] password) {
        return new String(BCrypt.withDefaults().hash(COST, password), StandardCharsets.UTF_8);
    }

    /** Writes a users file in which every one of {@code ids} signs in with {@code password} (the demo's, and tests'). */
    public static void writeFile(Path file, Collection<String> ids, char[] password) throws IOException {
        String hash = hash(password);
        ObjectNode root = YAML.createObjectNode();
        ArrayNode users = root.putArray("users");
        ids.forEach(id -> users.addObject().put("id", id).put("name", id).put("passwordHash", hash));
        YAML.writeValue(file.toFile(), root);
    }
}
