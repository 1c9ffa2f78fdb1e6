import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const app = fileURLToPath(new URL('fixtures/bundledApp.ts', import.meta.url));
const run = promisify(execFile);
let dir: string | undefined;

afterAll(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

// Importing an operator's module is what installs its DSL method, so a bundler that believed
// `"sideEffects": false` dropped those modules and the app died with "Source.from is not a function".
describe('a bundled app', () => {
  it('runs when esbuild bundles it with sluice imported by name', async () => {
    const result = await build({
      entryPoints: [app],
      absWorkingDir: root,
      bundle: true,
      platform: 'node',
      format: 'esm',
      write: false,
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]?.text ?? '';
    // Self-contained: nothing is left to resolve at run time.
    expect(code).not.toMatch(/from ['"]sluice/);
    dir = await mkdtemp(join(tmpdir(), 'sluice-bundle-'));
    const file = join(dir, 'app.mjs');
    await writeFile(file, code);
    // Run away from the project, where `sluice` cannot be resolved: only the bundle is there.
    const { stdout, stderr } = await run(process.execPath, [file], { cwd: dir, timeout: 20_000 });
    expect(stderr).toBe('');
    expect(stdout.trim()).toBe('[[20,30]]');
  });
});
