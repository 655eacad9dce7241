import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpServer, type TestSmtpServer } from '../../test/support/smtp.js';
import { smtpMailer } from './smtp-mailer.js';

describe('the SMTP mailer', () => {
  let server: TestSmtpServer;

  beforeAll(async () => {
    server = await startSmtpServer({ user: 'shinrai', password: 'mail server secret' });
  });
  afterAll(async () => {
    await server.close();
  });

  describe('when a message is sent', () => {
    it('should reach the server, logged in, for the right recipient, with a Japanese subject and body intact', async () => {
      const mailer = smtpMailer({ url: server.url, from: 'Shinrai <no-reply@shinrai.example.go.jp>' });
      const text = 'パスワードを再設定するには、次のリンクを開いてください。\nhttps://shinrai.example.go.jp/account/reset-password?token=x\n';
      await mailer.send({ to: 'hanako@kumo.example.jp', subject: 'パスワードの再設定 / Reset your password', text });
      const mail = await server.next();
      expect(mail.recipients).toEqual(['hanako@kumo.example.jp']);
      expect(mail.user).toBe('shinrai');
      expect(mail.subject).toBe('パスワードの再設定 / Reset your password');
      expect(mail.text.trimEnd()).toBe(text.trimEnd());
      expect(mail.raw).toMatch(/^From: Shinrai <no-reply@shinrai\.example\.go\.jp>$/m);
      expect(mail.raw).toMatch(/^Content-Type: text\/plain; charset=utf-8$/im);
    });
  });

  describe('when the server refuses the login', () => {
    it('should fail the send', async () => {
      const wrong = new URL(server.url);
      wrong.password = 'not it';
      const mailer = smtpMailer({ url: wrong.href, from: 'no-reply@shinrai.example.go.jp' });
      await expect(mailer.send({ to: 'hanako@kumo.example.jp', subject: 's', text: 't' })).rejects.toThrow();
    });
  });
});
