// Builds dist/: compiles TypeScript, copies the files the server reads at run
// time (SQL migrations, templates, static files) and compiles the stylesheet.
import { execFileSync } from 'node:child_process';
import { chmod, cp, mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as sass from 'sass';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.join(root, 'src');
const finalDist = path.join(root, 'dist');
// Build beside dist/ and swap it in at the end, so a server or test reading
// dist/ while a build runs never sees it half-written.
const dist = path.join(root, `.dist-${process.pid}`);
const require = createRequire(import.meta.url);

await rm(dist, { recursive: true, force: true });
execFileSync(process.execPath, [path.join(root, 'scripts', 'generate-validators.mjs')], { stdio: 'inherit' });
process.on('exit', (code) => {
  // A failed build leaves nothing behind; a good one has already been renamed.
  if (code !== 0) rmSync(dist, { recursive: true, force: true });
});
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json'), '--outDir', dist], {
  stdio: 'inherit',
});

// Files read at run time, beside the compiled modules that read them.
for await (const file of walk(src)) {
  if (/\.(sql|njk)$/.test(file) || /[\\/]oscal[\\/]generated[\\/].+\.js$/.test(file)) {
    const target = path.join(dist, path.relative(src, file));
    await mkdir(path.dirname(target), { recursive: true });
    await cp(file, target);
  }
}

const publicDir = path.join(dist, 'public');
await mkdir(publicDir, { recursive: true });
await cp(path.join(src, 'web', 'static'), publicDir, { recursive: true });
const govuk = path.join(path.dirname(require.resolve('govuk-frontend/package.json')), 'dist', 'govuk');
await cp(path.join(govuk, 'govuk-frontend.min.js'), path.join(publicDir, 'govuk-frontend.min.js'));
const css = sass.compile(path.join(src, 'web', 'assets', 'shinrai.scss'), {
  style: 'compressed',
  importers: [new sass.NodePackageImporter()],
  quietDeps: true,
  silenceDeprecations: ['import'],
});
await writeFile(path.join(publicDir, 'shinrai.css'), css.css);
await chmod(path.join(dist, 'bin.js'), 0o755);
const old = path.join(root, `.dist-old-${process.pid}`);
await rename(finalDist, old).catch((error) => {
  if (error.code !== 'ENOENT') throw error;
});
await rename(dist, finalDist);
await rm(old, { recursive: true, force: true });
console.log('built dist/');

async function* walk(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else yield full;
  }
}
