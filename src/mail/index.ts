export { logMailer } from './log-mailer.js';
