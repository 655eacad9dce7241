export { logMailer } from './log-mailer.js';
export { smtpMailer, type SmtpSettings } from './smtp-mailer.js';
