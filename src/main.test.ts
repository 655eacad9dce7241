import { describe, expect, it } from 'vitest';
import { loadConfig } from './main.js';

describe('the configuration of mail', () => {
  const from = 'Shinrai <no-reply@shinrai.example.go.jp>';
  const error = (env: NodeJS.ProcessEnv) => {
    try {
      loadConfig(env);
    } catch (caught) {
      return (caught as Error).message;
    }
    throw new Error('the configuration was accepted');
  };

  describe('when no SMTP server is set', () => {
    it('should leave mail to the log', () => {
      expect(loadConfig({}).smtp).toBeUndefined();
    });
  });

  describe('when an SMTP server is set', () => {
    it('should take its URL and the sender', () => {
      expect(loadConfig({ SHINRAI_SMTP_URL: ' smtp://shinrai:pw@mail.example.go.jp:587 ', SHINRAI_MAIL_FROM: from }).smtp).toEqual({
        url: 'smtp://shinrai:pw@mail.example.go.jp:587',
        from,
      });
    });

    it('should refuse what is not an smtp or smtps URL, without repeating its password', () => {
      const unparsable = error({ SHINRAI_SMTP_URL: '//shinrai:s3cret@mail.example.go.jp:587', SHINRAI_MAIL_FROM: from });
      expect(unparsable).toMatch(/^SHINRAI_SMTP_URL: not a URL/);
      expect(unparsable).not.toContain('s3cret');
      const http = error({ SHINRAI_SMTP_URL: 'https://user:s3cret@mail.example.go.jp', SHINRAI_MAIL_FROM: from });
      expect(http).toMatch(/^SHINRAI_SMTP_URL: must be smtp:\/\/ or smtps:\/\//);
      expect(http).not.toContain('s3cret');
    });

    it('should ask for a sender address', () => {
      expect(error({ SHINRAI_SMTP_URL: 'smtps://mail.example.go.jp' })).toMatch(/^SHINRAI_MAIL_FROM: needed/);
      expect(error({ SHINRAI_SMTP_URL: 'smtps://mail.example.go.jp', SHINRAI_MAIL_FROM: 'Shinrai' })).toMatch(/^SHINRAI_MAIL_FROM: needed/);
    });
  });
});
