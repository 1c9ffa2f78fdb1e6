import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** A TypeScript script run by tsx in a child process, with its output collected. */
export interface Child {
  readonly process: ChildProcess;
  /** Everything written to stdout so far. */
  stdout(): string;
  /** Everything written to stderr so far. */
  stderr(): string;
  /**
   * Resolves once stdout contains `text` (or satisfies it); rejects, with the child's output, if
   * the child exits first or `timeoutMs` (default 30 s: generous for a loaded machine, but
   * bounded) passes.
   */
  waitFor(text: string | RegExp | ((stdout: string) => boolean), timeoutMs?: number): Promise<void>;
  /** Resolves with the exit code (or the signal's name). */
  readonly exited: Promise<number | string>;
}

/** Runs `script` (relative to the repository root) with `args` under `node --import tsx`. */
export function runScript(script: string, args: readonly string[]): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const waiters: { test: (s: string) => boolean; resolve: () => void }[] = [];
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    for (const w of [...waiters]) {
      if (w.test(out)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  });
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => {
      resolve(code ?? signal ?? 'unknown');
    });
  });
  return {
    process: child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor(text, timeoutMs = 30_000) {
      const test = (s: string): boolean =>
        typeof text === 'string'
          ? s.includes(text)
          : text instanceof RegExp
            ? text.test(s)
            : text(s);
      if (test(out)) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const fail = (why: string): void => {
          const i = waiters.indexOf(waiter);
          if (i === -1) return;
          waiters.splice(i, 1);
          clearTimeout(timer);
          reject(new Error(`${script} ${why} before printing ${String(text)}:\n${out}\n${err}`));
        };
        const waiter = {
          test,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        };
        const timer = setTimeout(() => {
          fail(`did not print it within ${String(timeoutMs)} ms`);
        }, timeoutMs);
        waiters.push(waiter);
        void exited.then((code) => {
          fail(`exited (${String(code)})`);
        });
      });
    },
  };
}
