package io.harmony.alerting;

import java.util.ArrayList;
import java.util.List;

import io.harmony.alerting.channel.MailReceiver;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/** The one SMTP receiver of a test JVM (the app is configured with its port before it starts): where alert e-mails land. */
public final class MailCapture {
    private static MailReceiver receiver;

    private MailCapture() {
    }

    public static synchronized int start() {
        if (receiver == null) {
            receiver = new MailReceiver();
        }
        return receiver.port();
    }

    public static List<String> subjects() {
        List<String> subjects = new ArrayList<>();
        for (MimeMessage m : receiver.received()) {
            try {
                subjects.add(m.getSubject());
            } catch (MessagingException e) {
                subjects.add("<unreadable: " + e.getMessage() + ">");
            }
        }
        return subjects;
    }
}
