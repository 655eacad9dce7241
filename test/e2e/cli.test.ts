import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN as bin, runShinrai } from '../support/cli.js';
import { DEMO_CASES, DEMO_PEOPLE } from '../../src/app/index.js';

/**
 * The shinrai command as a user runs it: the built binary (the test command
 * builds first), a real data directory, exit codes and output.
 */

// Each command opens the embedded database (about two seconds): allow for a loaded machine.
describe('the shinrai command', { timeout: 180_000 }, () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(() => {
    dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'shinrai-cli-')), 'data');
    env = { ...process.env, SHINRAI_DATA_DIR: dataDir, LANG: 'en_GB.UTF-8', DATABASE_URL: '' };
  });
  afterAll(() => {
    rmSync(path.dirname(dataDir), { recursive: true, force: true });
  });

  const run = (args: string[], extraEnv: NodeJS.ProcessEnv = {}) => runShinrai(args, { ...env, ...extraEnv });

  it('lists every command in --help and exits 0', async () => {
    const { code, out } = await run(['--help']);
    expect(code).toBe(0);
    for (const command of ['serve', 'db', 'seed', 'org']) expect(out).toContain(command);
    expect(out).toMatch(/Exit codes/);
  });

  it('speaks Japanese when LANG says so', async () => {
    const { out } = await run(['--help'], { LANG: 'ja_JP.UTF-8' });
    expect(out).toMatch(/終了コード/);
  });

  it('exits 2 on an unknown command or a missing option', async () => {
    expect((await run(['frobnicate'])).code).toBe(2);
    expect((await run(['org', 'create', '--kind', 'provider'])).code).toBe(2);
    expect((await run(['seed'])).code).toBe(2);
    expect((await run(['org', 'list', '--limit', '0'])).code).toBe(2);
  });

  it('migrates, seeds, creates, lists and shows, with exit codes a script can rely on', async () => {
    const migrated = await run(['db', 'migrate']);
    expect(migrated.code).toBe(0);
    expect(migrated.out).toContain('0001_organisations.sql');
    expect((await run(['db', 'migrate'])).out).toMatch(/No migration pending/);

    // The same demo as serve --demo: the standard to assess against, the organisations, their people (each with a link) and the cases.
    const seeded = await run(['seed', '--demo', '--base-url', 'https://shinrai.example.go.jp']);
    expect(seeded.code, seeded.err).toBe(0);
    expect(seeded.out).toMatch(/Imported the default standard 2026\.1/);
    expect(seeded.out).toMatch(/Demo organisations: 21 added/);
    expect(seeded.out).toContain(`Demo certification cases: ${DEMO_CASES.length} added, 0 already there`);
    expect(seeded.out.match(/^ {4}https:\/\/shinrai\.example\.go\.jp\/account\/set-password\?token=shr_setpw_/gm)).toHaveLength(DEMO_PEOPLE.length);
    const again = await run(['seed', '--demo']);
    expect(again.out).toMatch(/Demo organisations: 0 added, 21 already there/);
    expect(again.out).toContain(`Demo certification cases: 0 added, ${DEMO_CASES.length} already there`);
    expect(again.out).not.toMatch(/Imported the default standard/);

    const args = ['org', 'create', '--kind', 'provider', '--name-ja', '株式会社テスト', '--name-en', 'Test K.K.', '--registry-scheme', 'jp-corporate-number', '--country', 'JP', '--json'];
    const created = await run([...args, '--registry-id', '1180301018771']);
    expect(created.code).toBe(0);
    const organisation = JSON.parse(created.out) as { id: string; nameEn: string };
    expect(organisation.nameEn).toBe('Test K.K.');

    const invalid = await run([...args, '--registry-id', '1180301018772']);
    expect(invalid.code).toBe(3);
    expect(invalid.err).toMatch(/check digit/);
    expect((await run([...args, '--registry-id', '1180301018771'])).code).toBe(4);

    const shown = await run(['org', 'show', organisation.id, '--json']);
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.out)).toMatchObject({ id: organisation.id });
    expect((await run(['org', 'show', '00000000-0000-4000-8000-000000000000'])).code).toBe(5);

    const user = await run(['user', 'create', '--org', organisation.id, '--role', 'admin', '--email', 'Admin@Test.example.jp', '--base-url', 'https://shinrai.example.go.jp']);
    expect(user.code).toBe(0);
    expect(user.out).toMatch(/^https:\/\/shinrai\.example\.go\.jp\/account\/set-password\?token=shr_setpw_[\w-]{43}$/m);
    expect((await run(['user', 'create', '--org', organisation.id, '--role', 'approver', '--email', 'x@test.example.jp'])).code).toBe(3);
    expect((await run(['user', 'create', '--org', organisation.id, '--role', 'admin', '--email', 'admin@test.example.jp'])).code).toBe(4);

    const listed = await run(['org', 'list', '--kind', 'provider', '--limit', '100', '--json']);
    expect(listed.code).toBe(0);
    expect((JSON.parse(listed.out) as { items: unknown[] }).items).toHaveLength(11);
  });

  describe('when the server is running on the embedded database', () => {
    let server: ChildProcess;
    let url: string;
    let startup = '';

    beforeAll(async () => {
      server = spawn(process.execPath, [bin, 'serve', '--port', '0', '--demo'], { env: { ...env, LOG_LEVEL: 'warn' } });
      url = await new Promise<string>((resolve, reject) => {
        let text = '';
        server.stderr?.on('data', (chunk: Buffer) => {
          text += chunk.toString();
          const found = /running at (http:\/\/\S+)/.exec(text);
          startup = text;
          if (found) resolve(found[1]!.replace('localhost', '127.0.0.1'));
        });
        server.on('exit', (code) => reject(new Error(`server exited ${code}: ${text}`)));
      });
    }, 60_000);

    it('shows the demo people, each with a one-time link to set a password that opens the form', async () => {
      const links = [...startup.matchAll(/(http:\/\/\S+\/account\/set-password\?token=\S+)/g)].map((m) => m[1]!.replace('localhost', '127.0.0.1'));
      expect(startup).toContain('admin@office.demo.example.go.jp');
      expect(links).toHaveLength(DEMO_PEOPLE.length);
      const page = await fetch(links[0]!, { headers: { accept: 'text/html', 'accept-language': 'en' } });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('name="password"');
    });

    it('serves the data, refuses a second process with exit 6, and stops cleanly on SIGTERM', async () => {
      const res = await fetch(`${url}/api/v1/organisations?limit=100`);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { items: unknown[] }).items).toHaveLength(22);
      // The cases seeded before the server started are on the public list, in more than one status.
      const listed = (await (await fetch(`${url}/api/v1/registry/services?limit=100`)).json()) as { items: { status: string }[] };
      expect(new Set(listed.items.map((item) => item.status))).toEqual(new Set(['certified', 'renewal-pending', 'suspended', 'expired', 'revoked']));

      const second = await run(['org', 'list']);
      expect(second.code).toBe(6);
      expect(second.err).toMatch(/in use by process/);

      const exited = new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)));
      server.kill('SIGTERM');
      expect(await exited).toBe(0);

      // Everything is still there after a restart.
      const after = await run(['org', 'list', '--limit', '100', '--json']);
      expect(after.code).toBe(0);
      expect((JSON.parse(after.out) as { items: unknown[] }).items).toHaveLength(22);
    }, 60_000);
  });
});
