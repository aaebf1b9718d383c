package dev.upshift.console;

/**
 * Whose accounts a query may touch: one owner's, or everyone's for an admin. Every query of the console takes
 * one and binds it as two parameters ({@link #everyone()}, {@link #ownerId()}) into {@link #CLAUSE}, so that no
 * page can forget it.
 */
record Scope(boolean everyone, String ownerId) {
    /** The filter on a table's {@code owner_id} column; bind {@link #parameters()} in its place. */
    static final String CLAUSE = "(? or owner_id = ?)";

    static Scope of(Users.User user) {
        return new Scope(user.admin(), user.id());
    }

    static Scope all() {
        return new Scope(true, "");
    }

    Object[] parameters() {
        return new Object[] {everyone, ownerId};
    }
}
