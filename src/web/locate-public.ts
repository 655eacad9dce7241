import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The built static files (stylesheet, scripts) live in dist/public. Running
 * from dist/web that is ../public; running the sources (tests) it is
 * ../../dist/public, which the test command builds first.
 */
export function locatePublicDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.join(here, '..', 'public'), path.join(here, '..', '..', 'dist', 'public')];
  const found = candidates.find((dir) => existsSync(path.join(dir, 'shinrai.css')));
  if (!found) throw new Error(`static files not built: run "npm run build" (looked in ${candidates.join(', ')})`);
  return found;
}
