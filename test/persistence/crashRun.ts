import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** A crash-test child running the counter: what it reported, and how to drive it. */
export interface CrashRun {
  readonly process: ChildProcess;
  /** Writes one line to the child's stdin. */
  send(line: string): void;
  readonly recovered: Promise<{ count: number; sum: number }>;
  readonly acks: number[];
  waitForAcks(n: number): Promise<void>;
  readonly exited: Promise<void>;
}

/**
 * Spawns `script` (a compiled counter child printing "recovered <count> <sum>" then "ack <n>"
 * lines) with plain `node` and `args`, collecting what it reports.
 */
export function spawnCrashChild(script: string, args: readonly string[] = []): CrashRun {
  const proc = spawn(process.execPath, [script, ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const acks: number[] = [];
  let waiter: { n: number; resolve: () => void } | undefined;
  let onRecovered: (r: { count: number; sum: number }) => void = () => undefined;
  const recovered = new Promise<{ count: number; sum: number }>((resolve) => {
    onRecovered = resolve;
  });
  createInterface({ input: proc.stdout }).on('line', (line) => {
    const [word, a, b] = line.split(' ');
    if (word === 'recovered') onRecovered({ count: Number(a), sum: Number(b) });
    if (word === 'ack') acks.push(Number(a));
    if (waiter !== undefined && acks.length >= waiter.n) {
      waiter.resolve();
      waiter = undefined;
    }
  });
  const exited = new Promise<void>((resolve) =>
    proc.on('exit', () => {
      resolve();
    }),
  );
  return {
    process: proc,
    send: (line) => proc.stdin.write(`${line}\n`),
    recovered,
    acks,
    exited,
    waitForAcks: (n) =>
      acks.length >= n ? Promise.resolve() : new Promise((resolve) => (waiter = { n, resolve })),
  };
}
