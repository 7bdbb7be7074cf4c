package io.harmony.alerting.channel;

import java.util.List;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import jakarta.mail.internet.MimeMessage;

/**
 * A real SMTP server (GreenMail) on a free loopback port, for alert e-mail tests: point {@code quarkus.mailer.host}
 * at 127.0.0.1 and {@code quarkus.mailer.port} at {@link #port()}, then await {@link #received()}.
 */
public final class MailReceiver implements AutoCloseable {
    private final GreenMail greenMail;

    public MailReceiver() {
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        greenMail.start();
    }

    public int port() {
        return greenMail.getSmtp().getPort();
    }

    /** Every message received so far, oldest first. */
    public List<MimeMessage> received() {
        return List.of(greenMail.getReceivedMessages());
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
