/**
 * Runs every `benchmarks/**\/*.bench.ts` in one mitata run: `npm run bench`. Pass words to run only
 * the files whose path contains one of them: `npm run bench -- core` runs `benchmarks/core/*`.
 * Each bench file registers its benchmarks when imported and runs them itself only when it is the
 * entry point, so it can also be run alone with `npx tsx benchmarks/core/scan.bench.ts`.
 */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { run } from 'mitata';

const root = fileURLToPath(new URL('.', import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
  .filter((path) => path.endsWith('.bench.ts'))
  .filter((path) => only.length === 0 || only.some((word) => path.includes(word)))
  .sort();
for (const path of files) {
  console.log(`# ${relative(root, join(root, path))}`);
  await import(pathToFileURL(join(root, path)).href);
}
await run();
