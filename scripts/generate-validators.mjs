// Compiles every OSCAL JSON Schema in src/oscal/schemas into a standalone
// validator module (ajv's standalone code), so that no schema is compiled at
// start-up: `shinrai oscal validate` loads one small module instead of
// spending most of a second in ajv.compile. Output: src/oscal/generated/,
// rebuilt only when a schema changed (a digest of the inputs is kept).
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import standaloneCode from 'ajv/dist/standalone/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const schemasDir = path.join(root, 'src', 'oscal', 'schemas');
const outDir = path.join(root, 'src', 'oscal', 'generated');

const inputs = [];
for (const version of (await readdir(schemasDir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort()) {
  for (const file of (await readdir(path.join(schemasDir, version))).filter((f) => f.endsWith('.json')).sort()) {
    const model = /^oscal_(.+)_schema\.json$/.exec(file)?.[1];
    if (model) inputs.push({ version: version.replace(/^v/, ''), model, file: path.join(schemasDir, version, file) });
  }
}

const digest = createHash('sha256');
digest.update(await readFile(fileURLToPath(import.meta.url)));
for (const input of inputs) digest.update(input.file).update(await readFile(input.file));
const stamp = digest.digest('hex');
const stampFile = path.join(outDir, '.stamp');
if ((await readFile(stampFile, 'utf8').catch(() => '')) === stamp) process.exit(0);

await rm(outDir, { recursive: true, force: true });
await mkdir(outDir, { recursive: true });
const started = performance.now();
for (const { version, model, file } of inputs) {
  const ajv = new Ajv({
    // OSCAL schemas are draft-07 with XML Schema style patterns; strict mode
    // would reject their unknown keywords, which carry no validation meaning.
    strict: false,
    allErrors: false,
    unicodeRegExp: true,
    code: { source: true, esm: true, optimize: true },
  });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(await readFile(file, 'utf8')));
  const name = `${version}-${model}`;
  // ajv's ESM output still calls require() for format and runtime helpers.
  const header = [
    `// Generated from ${path.relative(root, file)} by scripts/generate-validators.mjs. Do not edit.`,
    "import { createRequire } from 'node:module';",
    'const require = createRequire(import.meta.url);',
  ].join('\n');
  await writeFile(path.join(outDir, `${name}.js`), `${header}\n${standaloneCode(ajv, validate).replace(/^"use strict";/, '')}`);
}
await writeFile(path.join(outDir, 'index.json'), `${JSON.stringify(inputs.map(({ version, model }) => ({ version, model })), null, 2)}\n`);
await writeFile(stampFile, stamp);
console.log(`compiled ${inputs.length} OSCAL schemas in ${((performance.now() - started) / 1000).toFixed(1)} s`);
