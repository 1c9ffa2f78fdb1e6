/**
 * Runs every `benchmarks/**\/*.bench.ts`: `npm run bench`. Pass words to run only the files whose
 * path contains one of them: `npm run bench -- core` runs `benchmarks/core/*`.
 *
 * Each file runs in a process of its own, one after the other, as JMH forks a JVM per benchmark:
 * V8 optimizes a call site for the classes it has seen there, so a workload measured after many
 * others inherits their polymorphic call sites and measures them, not itself. Within a file every
 * contender (sluice and its peers) runs side by side in one mitata run. `--shared` runs every
 * file in this one process instead, to see that effect.
 *
 * The files import the package by name (`sluice`, `sluice/cep`, ...), so they measure the built
 * `dist/` that users run, not the sources through tsx: `npm run bench` builds first.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { run } from 'mitata';

const root = fileURLToPath(new URL('.', import.meta.url));
const args = process.argv.slice(2);
const shared = args.includes('--shared');
const only = args.filter((arg) => arg !== '--shared');
const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
  .filter((path) => path.endsWith('.bench.ts'))
  .filter((path) => only.length === 0 || only.some((word) => path.includes(word)))
  .sort();

if (shared) {
  for (const path of files) {
    console.log(`# ${relative(root, join(root, path))}`);
    await import(pathToFileURL(join(root, path)).href);
  }
  await run();
} else {
  let failed = 0;
  for (const path of files) {
    console.log(`# ${relative(root, join(root, path))}`);
    const child = spawnSync(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', join(root, path)],
      { stdio: 'inherit' },
    );
    if (child.status !== 0) failed++;
  }
  if (failed > 0) {
    console.error(`${failed} benchmark file(s) failed`);
    process.exitCode = 1;
  }
}
