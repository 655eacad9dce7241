import type { FastifyBaseLogger } from 'fastify';
import type { Mailer, OutgoingMail } from '../app/index.js';

/**
 * Development only: each message goes to the log, whole, so that someone
 * running Shinrai without a mail server can follow the link in it. A message
 * carries a one-time link, so this must never be the mailer of a real
 * deployment; main.ts uses it only when no SMTP server is configured, and says so at start.
 */
export function logMailer(logger: Pick<FastifyBaseLogger, 'info'>): Mailer {
  return {
    send: async (mail: OutgoingMail) => {
      logger.info({ mail: { to: mail.to, subject: mail.subject, text: mail.text } }, 'mail (development: written to the log, not sent)');
    },
  };
}
