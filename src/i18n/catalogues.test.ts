import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { catalogue, describeIssue, hasMessage, LOCALES, translator } from './index.js';
import { negotiateLocale } from './negotiate.js';

const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function files(dir: string, pattern: RegExp): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && pattern.test(e.name) && !e.name.endsWith('.test.ts'))
    .map((e) => path.join(e.parentPath, e.name));
}

describe('the message catalogues', () => {
  it('have the same keys in Japanese and English', () => {
    expect(Object.keys(catalogue('ja')).sort()).toEqual(Object.keys(catalogue('en')).sort());
  });

  it('define each key in one area only, or in the same words, so no area silently rewords another', () => {
    for (const locale of LOCALES) {
      const dir = path.join(src, 'i18n', 'messages', locale);
      const texts = new Map<string, Set<string>>();
      for (const name of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
        for (const [key, text] of Object.entries(JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as Record<string, string>)) {
          texts.set(key, (texts.get(key) ?? new Set()).add(text));
        }
      }
      expect([...texts].filter(([, seen]) => seen.size > 1).map(([key]) => `${locale} ${key}`)).toEqual([]);
    }
  });

  it('compile and format every message in both languages', () => {
    for (const locale of LOCALES) {
      const t = translator(locale);
      for (const key of Object.keys(catalogue(locale))) {
        const text = t(key, { count: 2, max: 1, min: 0, field: 'f', problem: 'p', scheme: 's', id: 'i', url: 'u', name: 'n', applied: 1, already: 0, database: 'd', created: 1, existing: 0, cursor: 'c', reason: 'r', status: 400, allowed: 'a', limit: 1, type: 't', format: 'f', allowedValues: 'a', missingProperty: 'm', lower: 1, higher: 2, controls: 'c', file: 'f', schema: 's', at: '/', message: 'm', expected: 'e', found: 'f', grade: 1, version: 'v', g1: 1, g2: 2, g3: 3, added: 1, removed: 0, changed: 0, from: 'a', to: 'b', email: 'e', roles: 'r', role: 'r', kind: 'k', expires: 'x', minLength: 8, maxLength: 256, organisation: 'o', hours: 72, link: 'l', scope: 's', provider: 'p', region: 'r', value: 'v', service: 's', number: 'n', body: 'b', until: 'u', example: 'e', change: 'c', answered: 1, total: 2, ceiling: 2, size: 10, ids: 'ac-1', control: 'ac-2', uuid: 'u', method: 'm', href: 'h', title: 't', level: 'l', sha256: 's', due: 'd', progress: 'p', findings: 'f', date: 'd', lapse: 'suspended' });
        expect(text, `${locale} ${key}`).not.toBe('');
        expect(text, `${locale} ${key}`).not.toMatch(/[{}]/);
      }
    }
  });

  it('hold every literal key that the templates and the code use', () => {
    const used = new Set<string>();
    for (const file of [...files(path.join(src, 'web'), /\.(njk|ts)$/), ...files(path.join(src, 'cli'), /\.ts$/), ...files(path.join(src, 'http'), /\.ts$/)]) {
      for (const match of readFileSync(file, 'utf8').matchAll(/\bt\(\s*["']([a-z][a-z0-9.-]*)["']\s*[,)]/g)) used.add(match[1]!);
    }
    expect(used.size).toBeGreaterThan(30);
    expect([...used].filter((key) => !hasMessage(key))).toEqual([]);
  });

  it('name every organisation kind, registry scheme and problem code', async () => {
    const { ORGANISATION_KINDS, REGISTRY_SCHEMES } = await import('../domain/index.js');
    const { PROBLEMS } = await import('../http/index.js');
    const keys = [
      ...ORGANISATION_KINDS.map((k) => `kind.${k}`),
      ...REGISTRY_SCHEMES.map((s) => `scheme.${s}`),
      ...Object.keys(PROBLEMS).flatMap((c) => [`problem.${c}.title`, `problem.${c}.detail`]),
    ];
    expect(keys.filter((key) => !hasMessage(key))).toEqual([]);
  });
});

describe('a grade above what the services a service runs on allow', () => {
  it('is said as what to do: the grade to stay within, or that none can be held yet', () => {
    const above = (ceiling: number, locale: 'en' | 'ja') => describeIssue(locale, { pointer: '/grade', code: 'above-ceiling', params: { ceiling } });
    expect(above(2, 'en')).toBe('Grade: must be Grade 2 or lower, the grade of the services it runs on');
    expect(above(0, 'en')).toBe('Grade: the service can hold no grade until every service it runs on is certified');
    expect(above(1, 'ja')).toBe('等級：基盤となるサービスの等級である等級1以下にしてください');
  });
});

describe('negotiateLocale', () => {
  it.each([
    ['en', 'ja', 'en'],
    [undefined, 'en-US,en;q=0.9', 'en'],
    [undefined, 'fr-FR, en;q=0.8, ja;q=0.9', 'ja'],
    [undefined, 'fr-FR', 'ja'],
    [undefined, undefined, 'ja'],
    [undefined, 'en;q=0, ja;q=0.1', 'ja'],
    ['xx', 'en', 'en'],
  ] as const)('choice %s with Accept-Language %s gives %s', (choice, header, expected) => {
    expect(negotiateLocale(choice, header)).toBe(expected);
  });
});
