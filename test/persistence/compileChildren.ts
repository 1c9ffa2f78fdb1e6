import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { transformSync } from 'esbuild';

const root = join(import.meta.dirname, '..', '..');

/** Crash-test children compiled to plain JavaScript, and how to remove them. */
export interface CompiledChildren {
  /** The compiled path of a child given by its source name (`crashChild.ts`). */
  path(name: string): string;
  remove(): void;
}

/**
 * Compiles the crash-test children in this folder (`names`, with the modules they import) to
 * JavaScript in a fresh `.vitest-*` folder (git-ignored) at the package root, so each child starts
 * with plain `node` instead of paying tsx's loader on every one of its twenty-odd starts, and
 * imports the package by name (a self-reference, resolved to `dist/` through `exports`).
 */
export function compileChildren(names: readonly string[]): CompiledChildren {
  const dir = join(root, `.vitest-crash-children-${String(process.pid)}-${String(Date.now())}`);
  mkdirSync(dir);
  for (const name of names) {
    const source = readFileSync(join(import.meta.dirname, name), 'utf8');
    const { code } = transformSync(source, { loader: 'ts', format: 'esm', target: 'node20' });
    writeFileSync(join(dir, name.replace(/\.ts$/, '.js')), code);
  }
  return {
    path: (name) => join(dir, name.replace(/\.ts$/, '.js')),
    remove: () => {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
