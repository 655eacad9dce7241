import { createTransport } from 'nodemailer';
import type { Mailer, OutgoingMail } from '../app/index.js';

export interface SmtpSettings {
  /** `smtp://user:password@host:587` (STARTTLS when the server offers it) or `smtps://…:465` (TLS from the start). */
  readonly url: string;
  /** The sender, e.g. `Shinrai <no-reply@shinrai.example.go.jp>`. */
  readonly from: string;
}

/**
 * Sends each message through an SMTP server, as plain UTF-8 text (nodemailer
 * picks the transfer encoding, so Japanese arrives intact). A connection is
 * opened per message: mail here is a reset link now and then, not a stream.
 * Timeouts are far below nodemailer's defaults (minutes), so a dead server
 * fails a send in seconds rather than holding it open.
 */
export function smtpMailer(settings: SmtpSettings): Mailer {
  const transport = createTransport({
    url: settings.url,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    send: async (mail: OutgoingMail) => {
      await transport.sendMail({ from: settings.from, to: mail.to, subject: mail.subject, text: mail.text });
    },
  };
}
