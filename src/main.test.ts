import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../test/support/databases.js';
import { buildServer, loadConfig, loadSecretKey } from './main.js';

describe('configuration', () => {
  it('takes a secret key in base64, and refuses one of the wrong size', () => {
    const key = Buffer.alloc(32, 7);
    expect(loadConfig({ SHINRAI_SECRET_KEY: key.toString('base64') }).secretKey).toEqual({ kind: 'value', key });
    expect(() => loadConfig({ SHINRAI_SECRET_KEY: Buffer.alloc(16).toString('base64') })).toThrow(/SHINRAI_SECRET_KEY: must be 32 random bytes/);
  });

  it('keeps the key of an embedded database in memory only when the database is in memory too', () => {
    expect(loadConfig({ SHINRAI_DATA_DIR: 'memory://' }).secretKey).toEqual({ kind: 'ephemeral' });
    expect(loadConfig({}).secretKey).toEqual({ kind: 'file', path: path.resolve('.shinrai/secret.key') });
    expect(loadConfig({ SHINRAI_DATA_DIR: '/srv/shinrai/data' }).secretKey).toEqual({ kind: 'file', path: '/srv/shinrai/secret.key' });
  });

  it('refuses a sign-in rate limit that is not a positive whole number, and a public URL that is not http(s)', () => {
    expect(loadConfig({ SHINRAI_SIGN_IN_RATE_LIMIT: '5' }).signInRateLimit).toBe(5);
    expect(() => loadConfig({ SHINRAI_SIGN_IN_RATE_LIMIT: '0' })).toThrow(/SHINRAI_SIGN_IN_RATE_LIMIT=0/);
    expect(() => loadConfig({ SHINRAI_SIGN_IN_RATE_LIMIT: 'many' })).toThrow(/whole number/);
    expect(loadConfig({ SHINRAI_PUBLIC_URL: 'https://shinrai.example.go.jp/' }).publicUrl).toBe('https://shinrai.example.go.jp');
    expect(() => loadConfig({ SHINRAI_PUBLIC_URL: 'ftp://example.jp' })).toThrow(/http or https/);
  });

  it('runs the daily job hourly unless told another number of minutes, 0 for never', () => {
    expect(loadConfig({}).jobsIntervalMinutes).toBe(60);
    expect(loadConfig({ SHINRAI_JOBS_INTERVAL_MINUTES: '0' }).jobsIntervalMinutes).toBe(0);
    expect(loadConfig({ SHINRAI_JOBS_INTERVAL_MINUTES: '15' }).jobsIntervalMinutes).toBe(15);
    expect(() => loadConfig({ SHINRAI_JOBS_INTERVAL_MINUTES: '-5' })).toThrow(/SHINRAI_JOBS_INTERVAL_MINUTES=-5/);
    expect(() => loadConfig({ SHINRAI_JOBS_INTERVAL_MINUTES: 'hourly' })).toThrow(/whole number of minutes/);
  });
});

describe('the secret key file', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'shinrai-key-'));
  });

  it('is made on first use, readable by its owner only, and the same key is read afterwards', async () => {
    const file = path.join(dir, 'nested', 'secret.key');
    const first = await loadSecretKey({ kind: 'file', path: file });
    expect(first).toHaveLength(32);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await loadSecretKey({ kind: 'file', path: file })).toEqual(first);
    expect((await readFile(file, 'utf8')).trim()).toBe(first.toString('base64'));
  });

  it('refuses a file that holds something else, naming it', async () => {
    const file = path.join(dir, 'wrong.key');
    await writeFile(file, 'not a key\n');
    await expect(loadSecretKey({ kind: 'file', path: file })).rejects.toThrow(`${file}: not a Shinrai secret key`);
  });
});

describe('the sign-in rate limit setting', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await freshDatabase('pglite');
  });
  afterAll(async () => {
    await database.dispose();
  });

  it('reaches the sign-in page: the attempt after the limit is answered 429', async () => {
    const app = await buildServer({ store: database.store, timeZone: 'Asia/Tokyo', trustProxy: false, signInRateLimit: 2 });
    try {
      const post = () =>
        app.inject({ method: 'POST', url: '/sign-in', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'email=a%40example.jp&password=x' });
      const statuses = [(await post()).statusCode, (await post()).statusCode, (await post()).statusCode];
      expect(statuses.slice(0, 2)).not.toContain(429);
      expect(statuses[2]).toBe(429);
    } finally {
      await app.close();
    }
  });
});

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
