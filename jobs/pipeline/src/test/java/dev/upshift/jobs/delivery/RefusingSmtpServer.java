package dev.upshift.jobs.delivery;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A real SMTP server on a local port that refuses every recipient for good (550), echoing the address as Postfix
 * does, for the permanent-failure path: GreenMail accepts every address. It speaks just enough SMTP for one client
 * at a time.
 */
public final class RefusingSmtpServer implements AutoCloseable {
    /** The refusal, with {@code %s} for the recipient's address. */
    public static final String REFUSAL = "550 5.1.1 <%s>: Recipient address rejected: User unknown";

    private final ServerSocket socket;
    private final Thread thread;

    public RefusingSmtpServer() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        thread = new Thread(this::serve, "refusing-smtp");
        thread.setDaemon(true);
        thread.start();
    }

    public int port() {
        return socket.getLocalPort();
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept();
                    BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
                    PrintWriter out = new PrintWriter(client.getOutputStream(), true, StandardCharsets.US_ASCII)) {
                reply(out, "220 refusing.test ESMTP");
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    String command = line.toUpperCase();
                    if (command.startsWith("EHLO") || command.startsWith("HELO")) {
                        reply(out, "250 refusing.test");
                    } else if (command.startsWith("RCPT")) {
                        reply(out, String.format(REFUSAL, recipient(line)));
                    } else if (command.startsWith("QUIT")) {
                        reply(out, "221 bye");
                        break;
                    } else {
                        reply(out, "250 OK");
                    }
                }
            } catch (IOException e) {
                // the client went away, or the server is closing
            }
        }
    }

    /** The address in {@code RCPT TO:<address>}. */
    private static String recipient(String command) {
        int open = command.indexOf('<');
        int close = command.indexOf('>', open + 1);
        return open >= 0 && close > open ? command.substring(open + 1, close) : command;
    }

    private static void reply(PrintWriter out, String line) {
        out.print(line + "\r\n");
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
