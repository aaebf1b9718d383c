package dev.upshift.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.upshift.common.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersTest {
    @TempDir
    Path dir;

    @Test
    void aUsersFileWithAPasswordOrADuplicateIsRefusedWithItsPath() throws Exception {
        Path file = dir.resolve("bad-users.yaml");
        Files.writeString(file, "users:\n  - id: csm-a\n    passwordHash: hunter2\n  - id: csm-a\n");
        assertThatThrownBy(() -> Users.load(file, Set.of())).isInstanceOf(ConfigException.class).hasMessage(file
                + ": at 'users[0].passwordHash': a BCrypt hash ($2a$12$…, from ./upshift console hash-password), never a password; "
                + "or no passwordHash for a user who signs in only through the OIDC proxy\n"
                + file + ": at 'users[1].id': a user id listed once; 'csm-a' is listed twice");
    }

    @Test
    void adminsAreTheReviewGatesAdmins() throws Exception {
        Path file = dir.resolve("users.yaml");
        Users.writeFile(file, List.of("csm-a", "revops-lead"), "a long enough password".toCharArray());
        Users users = Users.load(file, Set.of("revops-lead"));
        Users.User owner = users.signIn("csm-a", "a long enough password").orElseThrow();
        Users.User admin = users.signIn("revops-lead", "a long enough password").orElseThrow();
        assertThat(List.of(owner.mayAct("csm-a"), owner.mayAct("csm-b"), admin.mayAct("csm-b"))).containsExactly(true, false, true);
        assertThat(Files.readString(file)).doesNotContain("a long enough password");
    }
}
