import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type * as OscalModule from '../src/oscal/index.js';

/**
 * Benchmark 2: the OSCAL work of issue 3, each against JSON.parse of the same
 * input in the same run.
 *  - Resolving Grade 3 of the default standard (NIST HIGH plus 21 controls,
 *    which resolves the HIGH profile inside it) from the catalog: parse +
 *    resolve ≤ 5 × JSON.parse of catalog + profiles.
 *  - Validating the SP 800-53 catalog against the OSCAL schema: ≤ 3 × its
 *    JSON.parse.
 *  - `shinrai oscal resolve` of NIST's HIGH baseline as a user runs it, start
 *    to exit, against the 15 s that NIST's reference resolver (its XSLT
 *    pipeline under SaxonJS 2.7) takes on this class of machine: ≥ 50 × faster.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const standard = path.join(root, 'data', 'standard');
const oscal = (await import(new URL('../dist/oscal/index.js', import.meta.url).href)) as typeof OscalModule;
const RUNS = Number(process.env.BENCH_OSCAL_RUNS ?? 15);
const REFERENCE_RESOLVER_MS = 15_000;

const files = {
  catalog: path.join(standard, 'NIST_SP-800-53_rev5_catalog.json'),
  high: path.join(standard, 'NIST_SP-800-53_rev5_HIGH-baseline_profile.json'),
  grade3: path.join(standard, 'grade-3.json'),
};
const texts = Object.fromEntries(await Promise.all(Object.entries(files).map(async ([k, f]) => [k, await readFile(f, 'utf8')]))) as Record<
  keyof typeof files,
  string
>;

const parseAll = () => ({
  [files.catalog]: JSON.parse(texts.catalog) as unknown,
  [files.high]: JSON.parse(texts.high) as unknown,
  [files.grade3]: JSON.parse(texts.grade3) as unknown,
});
const resolveGrade3 = async () => {
  const docs = parseAll();
  // The profiles name the catalog as .xml; the resolver falls back to the .json beside it.
  return oscal.resolveProfile(docs[files.grade3], {
    load: async (href) => docs[href.startsWith('file:') ? fileURLToPath(href) : href],
    profileHref: files.grade3,
    now: new Date('2026-11-25T00:00:00Z'),
  });
};

// Warm up the code paths and the validator module before measuring.
await resolveGrade3();
const catalogDoc = JSON.parse(texts.catalog) as unknown;
await oscal.validateOscal(catalogDoc);

const parseMs = median(await timeRuns(RUNS, async () => void parseAll()));
const resolveMs = median(await timeRuns(RUNS, async () => void (await resolveGrade3())));
const catalogParseMs = median(await timeRuns(RUNS, async () => void JSON.parse(texts.catalog)));
const validateMs = median(
  await timeRuns(RUNS, async () => {
    const result = await oscal.validateOscal(JSON.parse(texts.catalog) as unknown);
    if (!result.valid) throw new Error('the catalog should be valid');
  }),
);

// The whole command, as a user runs it: a new process each time.
const exec = promisify(execFile);
const out = await mkdtemp(path.join(tmpdir(), 'shinrai-bench-oscal-'));
const cli = [path.join(root, 'dist', 'bin.js'), 'oscal', 'resolve', files.high, '-o', path.join(out, 'high.json')];
await exec(process.execPath, cli);
const processMs = median(await timeRuns(RUNS, async () => void (await exec(process.execPath, cli))));
const nodeMs = median(await timeRuns(RUNS, async () => void (await exec(process.execPath, ['-e', '0']))));
await rm(out, { recursive: true, force: true });

const resolveRatio = resolveMs / parseMs;
const validateRatio = (catalogParseMs + validateMs) / catalogParseMs;
const speedup = REFERENCE_RESOLVER_MS / processMs;
console.log(`
OSCAL, median of ${RUNS} runs each

| work | time ms | baseline | baseline ms | ratio | target | met |
|---|---:|---|---:|---:|---:|:---:|
| parse + resolve Grade 3 (HIGH + 21) | ${resolveMs.toFixed(1)} | JSON.parse of catalog + profiles | ${parseMs.toFixed(1)} | ${resolveRatio.toFixed(2)} × | ≤ 5 × | ${resolveRatio <= 5 ? 'yes' : 'NO'} |
| parse + validate the catalog (OSCAL 1.0.4 schema) | ${(catalogParseMs + validateMs).toFixed(1)} | JSON.parse of the catalog | ${catalogParseMs.toFixed(1)} | ${validateRatio.toFixed(2)} × | ≤ 3 × | ${validateRatio <= 3 ? 'yes' : 'NO'} |
| \`shinrai oscal resolve\` HIGH, start to exit | ${processMs.toFixed(0)} | NIST's reference resolver (SaxonJS) | ${REFERENCE_RESOLVER_MS} | ${speedup.toFixed(0)} × faster | ≥ 50 × | ${speedup >= 50 ? 'yes' : 'NO'} |

(\`node -e 0\` on this machine: ${nodeMs.toFixed(0)} ms.)
`);

async function timeRuns(runs: number, work: () => Promise<void>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  return times;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
