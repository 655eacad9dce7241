import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPasswordResetToken } from '../../src/app/index.js';
import { loadConfig, openStore } from '../../src/main.js';
import { runShinrai } from '../support/cli.js';

/** `shinrai user reset-password` as an operator runs it, on a real data directory. */
describe('the user reset-password command', { timeout: 180_000 }, () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  const run = (args: string[]) => runShinrai(args, env);

  beforeAll(() => {
    dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'shinrai-user-cli-')), 'data');
    env = { ...process.env, SHINRAI_DATA_DIR: dataDir, LANG: 'en_GB.UTF-8', DATABASE_URL: '' };
    delete env.SHINRAI_PUBLIC_URL; // links then name the default address
  });
  afterAll(() => {
    rmSync(path.dirname(dataDir), { recursive: true, force: true });
  });

  it('prints a working one-time link for a person, audited as the operator, and exits 5 for an unknown address', async () => {
    const created = await run(['org', 'create', '--kind', 'agency', '--name-ja', '試験庁', '--name-en', 'Test Agency', '--registry-scheme', 'other', '--registry-id', 'TA1', '--country', 'JP', '--json']);
    expect(created.code).toBe(0);
    const organisation = JSON.parse(created.out) as { id: string };
    expect((await run(['user', 'create', '--org', organisation.id, '--role', 'admin', '--email', 'staff@agency.example.go.jp'])).code).toBe(0);

    const reset = await run(['user', 'reset-password', '--email', 'Staff@Agency.example.go.jp', '--base-url', 'https://shinrai.example.go.jp/']);
    expect(reset.code).toBe(0);
    expect(reset.out).toMatch(/staff@agency\.example\.go\.jp/);
    const token = /^https:\/\/shinrai\.example\.go\.jp\/account\/reset-password\?token=(shr_reset_[\w-]{43})$/m.exec(reset.out)?.[1];
    expect(token).toBeDefined();

    const json = await run(['user', 'reset-password', '--email', 'staff@agency.example.go.jp', '--json']);
    expect(json.code).toBe(0);
    const issued = JSON.parse(json.out) as { email: string; resetLink: string };
    expect(issued).toMatchObject({ email: 'staff@agency.example.go.jp', resetLink: expect.stringMatching(/^http:\/\/localhost:3000\/account\/reset-password\?token=shr_reset_/) });

    const unknown = await run(['user', 'reset-password', '--email', 'nobody@agency.example.go.jp']);
    expect(unknown.code).toBe(5);
    expect(unknown.out).toBe('');
    expect((await run(['user', 'reset-password'])).code).toBe(2);

    const opened = await openStore(loadConfig({ SHINRAI_DATA_DIR: dataDir }));
    try {
      // The second link works, and replaced the first.
      const latest = new URL(issued.resetLink).searchParams.get('token') ?? '';
      await expect(checkPasswordResetToken(opened.store, latest, new Date())).resolves.toMatchObject({ email: 'staff@agency.example.go.jp' });
      await expect(checkPasswordResetToken(opened.store, token!, new Date())).rejects.toMatchObject({ code: 'not-found' });
      const audit = (await opened.store.audit.list({ action: 'user.password-reset-requested' }, { limit: 10 })).items;
      expect(audit.map((r) => [r.outcome, r.actor.label.startsWith('cli:')])).toEqual([
        ['done', true],
        ['done', true],
        ['refused', true],
      ]);
    } finally {
      await opened.close();
    }
  });
});
