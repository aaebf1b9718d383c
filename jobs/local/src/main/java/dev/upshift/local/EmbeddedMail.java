package dev.upshift.local;

import com.icegreen.greenmail.smtp.SmtpServer;
import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.upshift.common.config.Delivery;
import dev.upshift.jobs.runtime.Secrets;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The local tools' mail server: GreenMail (SMTP and IMAP) on free ports, plus what sending needs that a real
 * deployment brings itself: a DKIM key generated for this run, an agent identity per account owner, and an
 * unsubscribe secret.
 */
public final class EmbeddedMail implements AutoCloseable {
    public static final String DOMAIN = "agents.upshift-demo.test";
    static final String SELECTOR = "demo";
    /** Where the owners themselves get mail: hand-offs, "yes" notices. */
    static final String OWNERS_DOMAIN = "team.upshift-demo.test";

    private final OutageGreenMail greenMail;
    private final Path keyFile;
    /** Secret values given for a run in other JVMs, by variable name; empty for an in-JVM run. */
    private final Map<String, String> secrets;

    private EmbeddedMail(OutageGreenMail greenMail, Path keyFile, Map<String, String> secrets) {
        this.greenMail = greenMail;
        this.keyFile = keyFile;
        this.secrets = secrets;
    }

    public static EmbeddedMail start(Path workDir) {
        return start(workDir, Map.of());
    }

    /**
     * @param secrets values for the secret variables the config names, for jobs that run in other JVMs (a standalone
     *     cluster's TaskManagers get them in their environment); a secret not given is looked up, or made up for this JVM
     */
    public static EmbeddedMail start(Path workDir, Map<String, String> secrets) {
        OutageGreenMail greenMail = new OutageGreenMail(new ServerSetup[] {
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP), new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
        greenMail.start();
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair keys = generator.generateKeyPair();
            Path keyFile = workDir.resolve("dkim-" + SELECTOR + ".pk8.der");
            Files.write(keyFile, keys.getPrivate().getEncoded());
            return new EmbeddedMail(greenMail, keyFile, Map.copyOf(secrets));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a DKIM key", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The configured delivery, sending through this server and reading replies from it, with an identity for every owner. */
    public Delivery delivery(Delivery configured, Collection<String> owners) {
        Map<String, Delivery.Identity> identities = new LinkedHashMap<>(configured.identities());
        for (String owner : owners) {
            identities.putIfAbsent(owner, new Delivery.Identity(owner + "@" + DOMAIN, "Upshift agent for " + owner,
                    owner + ", Customer Success\nUpshift Demo", "replies+" + owner + "@" + DOMAIN, null,
                    new Delivery.Dkim(DOMAIN, SELECTOR, keyFile.toString()), owner + "@" + OWNERS_DOMAIN,
                    "https://meet.upshift-demo.test/" + owner));
        }
        if (secret(configured.unsubscribe().secretEnv()) == null) {
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            System.setProperty(configured.unsubscribe().secretEnv(), Base64.getEncoder().encodeToString(secret));
        }
        createMailboxes(identities.values(), configured.unsubscribe().mailto(), configured.replies().imap().passwordEnv());
        Delivery.Smtp smtp = configured.smtp();
        return new Delivery(true, configured.locale(), configured.currency(), configured.metricNames(), configured.templates(),
                configured.review(), configured.sendWindow(),
                new Delivery.Smtp("127.0.0.1", greenMail.getSmtp().getPort(), "SMTP", "", smtp.passwordEnv(), smtp.timeout(),
                        smtp.attempts(), smtp.backoff(), smtp.connections()),
                configured.unsubscribe(), configured.llm(), replies(configured.replies()), identities);
    }

    /**
     * A secret given at the start, else the environment's or this JVM's. Made-up secrets go into this JVM's system
     * properties only when none is given: that is how an in-JVM run (the demo, the tests) hands them to its own operators.
     */
    private String secret(String variable) {
        return secrets.containsKey(variable) ? secrets.get(variable) : Secrets.optional(variable);
    }

    /** Every agent's mailbox and the unsubscribe mailbox, with one password for this run (in the system property the config names). */
    private void createMailboxes(Collection<Delivery.Identity> identities, String unsubscribeMailbox, String passwordVariable) {
        if (secret(passwordVariable) == null) {
            System.setProperty(passwordVariable, "demo-" + Long.toHexString(new SecureRandom().nextLong()));
        }
        String password = secret(passwordVariable);
        identities.forEach(identity -> greenMail.setUser(identity.replyTo(), identity.replyTo(), password));
        greenMail.setUser(unsubscribeMailbox, unsubscribeMailbox, password);
    }

    /** Replies read from this server's plain IMAP, quickly: local runs should not wait a minute between polls. */
    private Delivery.Replies replies(Delivery.Replies configured) {
        Delivery.Imap imap = configured.imap();
        return new Delivery.Replies(new Delivery.Imap("imap", "127.0.0.1", greenMail.getImap().getPort(), imap.passwordEnv(),
                imap.folder(), imap.timeout(), Duration.ofSeconds(1), Duration.ofMillis(200), imap.batchSize()),
                configured.noResponseAfter(), configured.conversationTtl(), configured.modelClassifier(), configured.maxMessageBytes(),
                configured.maxAttempts());
    }

    /** Sent from one of the agent identities this server's delivery config has. */
    public static boolean isFromAnAgent(MimeMessage message) {
        String from = MailSummary.header(message, "From");
        return from != null && from.endsWith("@" + DOMAIN + ">");
    }

    /**
     * Takes the SMTP service down: its port refuses connections and open ones are dropped, while the mailboxes
     * (and IMAP) stay as they are.
     */
    public void stopSmtp() {
        greenMail.stopSmtp();
    }

    /** Brings the SMTP service back on the port it had. */
    public void startSmtp() {
        greenMail.startSmtp();
    }

    /** Drops a mail straight into the agent mailbox it is addressed to, as if it had arrived over SMTP. */
    public void deliverToAgent(MimeMessage mail) throws MessagingException {
        String to = ((InternetAddress) mail.getRecipients(Message.RecipientType.TO)[0]).getAddress();
        GreenMailUser user = greenMail.getUserManager().getUserByEmail(to);
        if (user == null) {
            throw new IllegalArgumentException("no agent mailbox " + to);
        }
        user.deliver(mail);
    }

    public List<MimeMessage> received() {
        return List.of(greenMail.getReceivedMessages());
    }

    /** Forgets every mail received so far; mailboxes and users stay. */
    public void purge() {
        try {
            greenMail.purgeEmailFromAllMailboxes();
        } catch (FolderException e) {
            throw new IllegalStateException("cannot purge the mail server", e);
        }
    }

    /** GreenMail whose SMTP service can go down and come back on the same port, with the same mail store. */
    private static final class OutageGreenMail extends GreenMail {
        OutageGreenMail(ServerSetup[] setups) {
            super(setups);
        }

        synchronized void stopSmtp() {
            getSmtp().stopService();
        }

        synchronized void startSmtp() {
            ServerSetup setup = getSmtp().getServerSetup().createCopy(getSmtp().getPort(), getSmtp().getBindTo(), ServerSetup.PROTOCOL_SMTP);
            SmtpServer smtp = new SmtpServer(setup, getManagers());
            services.put(setup.getProtocol(), smtp);
            smtp.startService();
            try {
                if (!smtp.waitTillRunning(setup.getServerStartupTimeout())) {
                    throw new IllegalStateException("the SMTP service did not come back on port " + setup.getPort());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while restarting SMTP", e);
            }
        }
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
