import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

/** A fenced ```ts block of a markdown file, and the markdown line its code starts on. */
interface Block {
  readonly file: string;
  readonly line: number;
  readonly code: string;
}

/** Every ```ts block of README.md and docs/*.md; each is a complete module (see CONTRIBUTING.md). */
function codeBlocks(): Block[] {
  const files = [
    'README.md',
    ...readdirSync(join(root, 'docs'))
      .filter((name) => name.endsWith('.md'))
      .map((name) => `docs/${name}`),
  ];
  const blocks: Block[] = [];
  for (const file of files) {
    const lines = readFileSync(join(root, file), 'utf8').split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (!/^```(ts|typescript)\s*$/.test(lines[i] ?? '')) continue;
      const start = i + 1;
      let end = start;
      while (end < lines.length && !(lines[end] ?? '').startsWith('```')) end++;
      blocks.push({ file, line: start + 1, code: lines.slice(start, end).join('\n') + '\n' });
      i = end;
    }
  }
  return blocks;
}

/**
 * A consumer of the published package: it imports every entry point by name, so that with
 * `skipLibCheck` off the emitted `dist/**\/*.d.ts` (internal members stripped) must compile too.
 */
const consumer = `
import * as sluice from 'sluice';
import * as stages from 'sluice/stages';
import * as cep from 'sluice/cep';
import * as kafka from 'sluice/kafka';
import * as persistence from 'sluice/persistence';
import * as testkit from 'sluice/testkit';
export const entryPoints = [sluice, stages, cep, kafka, persistence, testkit];
export const doubled: Promise<number[]> = sluice.Source.range(1, 3)
  .map((x) => x * 2)
  .runWith(sluice.Sink.seq());
// @ts-expect-error internal members (stripInternal) are not published
export const internal: unknown = sluice.Source.range(1, 3).blueprint;
`;

/**
 * Writes the blocks and the consumer into a temporary package whose `node_modules/sluice` is this
 * project, so `'sluice'`, `'sluice/testkit'`, ... resolve through package.json's exports to the
 * built `dist/`, as for a user.
 */
function writeProject(dir: string, blocks: readonly Block[]): Map<string, Block> {
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(root, join(dir, 'node_modules', 'sluice'), 'dir');
  // The project's own dependencies (kafkajs, vitest, @types/node) are a snippet's too.
  for (const name of readdirSync(join(root, 'node_modules'))) {
    if (!name.startsWith('.'))
      symlinkSync(join(root, 'node_modules', name), join(dir, 'node_modules', name));
  }
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(join(dir, 'consumer.ts'), consumer);
  const byPath = new Map<string, Block>();
  blocks.forEach((block, i) => {
    const path = join(dir, `${block.file.replace(/\W/g, '_')}_${block.line}_${i}.ts`);
    writeFileSync(path, block.code);
    byPath.set(path, block);
  });
  return byPath;
}

/** The project's compiler options, with what a snippet needs: no unused-name errors, lib checks on. */
function compilerOptions(): ts.CompilerOptions {
  const config = ts.readConfigFile(join(root, 'tsconfig.json'), (path) => ts.sys.readFile(path));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  return {
    ...parsed.options,
    noEmit: true,
    skipLibCheck: false,
    // A snippet shows a few lines: names it declares and never reads are fine.
    noUnusedLocals: false,
    noUnusedParameters: false,
  };
}

/** `file:line: message`, with the line in the markdown file for a block. */
function describeDiagnostic(d: ts.Diagnostic, blocks: Map<string, Block>, dir: string): string {
  const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
  if (d.file === undefined || d.start === undefined) return message;
  const { line } = d.file.getLineAndCharacterOfPosition(d.start);
  const block = blocks.get(resolve(d.file.fileName));
  if (block !== undefined) return `${block.file}:${block.line + line}: TS${d.code} ${message}`;
  const where = d.file.fileName.startsWith(dir)
    ? relative(dir, d.file.fileName)
    : relative(root, d.file.fileName);
  return `${where}:${line + 1}: TS${d.code} ${message}`;
}

const dir = mkdtempSync(join(tmpdir(), 'sluice-doc-blocks-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('documentation code blocks', () => {
  it('finds the ```ts blocks of README.md and docs/*.md', () => {
    const blocks = codeBlocks();
    expect(blocks.length).toBeGreaterThanOrEqual(12);
    expect(new Set(blocks.map((b) => b.file))).toContain('README.md');
  });

  it('type-checks every block as a module, and the published declarations, in one program', () => {
    const blocks = writeProject(dir, codeBlocks());
    const program = ts.createProgram(
      [...blocks.keys(), join(dir, 'consumer.ts')],
      compilerOptions(),
    );
    const errors = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.category === ts.DiagnosticCategory.Error)
      .map((d) => describeDiagnostic(d, blocks, dir));
    expect(errors).toEqual([]);
  }, 120_000);
});
