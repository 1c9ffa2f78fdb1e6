// What a newcomer and a package user get: the README's first commands, the CI script that keeps
// them working, and the files `npm pack` publishes (their source maps, licence and dependencies).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const read = (path: string): string => readFileSync(join(root, path), 'utf8');

interface PackageJson {
  readonly license: string;
  readonly dependencies: Readonly<Record<string, string>>;
  readonly scripts: Readonly<Record<string, string>>;
}
const pkg = JSON.parse(read('package.json')) as PackageJson;

describe('the first run', () => {
  it('opens the README with the install-and-start command, then the test command', () => {
    const head = read('README.md').split('\n').slice(0, 30).join('\n');
    const start = head.indexOf('npm install && npm start');
    const test = head.indexOf('npm test');
    expect(start).toBeGreaterThanOrEqual(0);
    expect(test).toBeGreaterThan(start);
  });

  it('runs both README commands in CI, in the README order, after a clean install', () => {
    const steps = read('.ci/run')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.startsWith('npm '));
    expect(steps).toEqual(['npm ci --no-audit --no-fund', 'npm start', 'npm test']);
  });

  it('builds the package before the demo imports it by name', () => {
    // On a fresh clone dist/ does not exist, and the demo imports 'sluice', which resolves there.
    expect(pkg.scripts['prestart']).toBe('npm run build');
    const demo = read('examples/demo.ts');
    const local = [...demo.matchAll(/from '\.\/([^']+)\.js'/g)].map(
      (m) => `examples/${m[1] ?? ''}.ts`,
    );
    const sources = [demo, ...local.map(read)];
    expect(sources.some((text) => /from 'sluice(\/[a-z]+)?'/.test(text))).toBe(true);
  });
});

describe('the published package', () => {
  let files: Set<string>;
  beforeAll(() => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: root,
      encoding: 'utf8',
    });
    const [packed] = JSON.parse(out) as [{ files: { path: string }[] }];
    files = new Set(packed.files.map((file) => file.path));
  }, 60_000);

  it('ships a LICENSE that matches package.json', () => {
    expect(pkg.license).toBe('Apache-2.0');
    expect(files.has('LICENSE')).toBe(true);
    expect(read('LICENSE')).toMatch(/Apache License\s+Version 2\.0, January 2004/);
  });

  it('ships every file that a source map points at', () => {
    const maps = [...files].filter((path) => path.endsWith('.map'));
    expect(maps.length).toBeGreaterThan(100);
    const missing: string[] = [];
    for (const map of maps) {
      const { sources } = JSON.parse(read(map)) as { sources: string[] };
      for (const source of sources) {
        const target = normalize(join(dirname(map), source));
        if (!files.has(target)) missing.push(`${map} -> ${target}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('ships no tests, benchmarks or examples', () => {
    const stray = [...files].filter((path) => /^(test|benchmarks|examples|scripts)\//.test(path));
    expect(stray).toEqual([]);
  });

  it('depends on exactly the packages its published code imports', () => {
    const builtins = new Set(builtinModules);
    const imported = new Set<string>();
    for (const path of files) {
      if (!path.startsWith('dist/') || !path.endsWith('.js')) continue;
      const text = read(path);
      const specs = [
        ...text.matchAll(/^\s*(?:import|export)\b[^;'"`]*?\bfrom\s*'([^']+)'/gm),
        ...text.matchAll(/^\s*import\s*'([^']+)'/gm),
        ...text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g),
      ].map((match) => match[1] ?? '');
      for (const spec of specs) {
        if (spec.startsWith('.') || spec.startsWith('node:') || builtins.has(spec)) continue;
        if (spec === 'sluice' || spec.startsWith('sluice/')) continue;
        const parts = spec.split('/');
        imported.add(spec.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? spec));
      }
    }
    expect([...imported].sort()).toEqual(Object.keys(pkg.dependencies).sort());
  });
});
