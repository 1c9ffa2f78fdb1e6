import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EmbeddedKafka } from 'sluice/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { committed, produce, unique, values, waitFor } from './kafkaTest.js';

const child = fileURLToPath(new URL('./crashChild.ts', import.meta.url));
let kafka: EmbeddedKafka;
let dir: string;
beforeAll(async () => {
  kafka = await EmbeddedKafka.start({ log: () => undefined });
  dir = mkdtempSync(join(tmpdir(), 'sluice-alo-'));
});
afterAll(async () => {
  await kafka.stop();
  rmSync(dir, { recursive: true, force: true });
});

function lines(file: string): string[] {
  try {
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l !== '');
  } catch {
    return [];
  }
}

function start(env: Record<string, string>): ChildProcess {
  return fork(child, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

function exited(proc: ChildProcess): Promise<string | null> {
  return new Promise((resolve) =>
    proc.once('exit', (_code, signal) => {
      resolve(signal);
    }),
  );
}

describe('at-least-once', () => {
  it('loses nothing when the consumer process is killed with SIGKILL mid-stream', async () => {
    const topic = unique('alo');
    const group = unique('g');
    kafka.createTopic(topic, 2);
    const total = 300;
    await produce(kafka, topic, values(total), 2);
    const out = join(dir, `${topic}.out`);
    const env = {
      BOOTSTRAP: kafka.bootstrapServers.join(','),
      GROUP: group,
      TOPIC: topic,
      OUT: out,
    };

    const first = start(env);
    await waitFor(() => lines(out).length >= 80, 20_000);
    const killed = exited(first);
    first.kill('SIGKILL');
    expect(await killed).toBe('SIGKILL');
    const beforeRestart = lines(out).length;
    expect(beforeRestart).toBeLessThan(total);
    const committedAtKill = (await committed(kafka, group, topic)).reduce(
      (s, o) => s + Math.max(o, 0),
      0,
    );

    const second = start(env);
    await waitFor(() => new Set(lines(out)).size === total, 25_000);
    const done = exited(second);
    second.kill('SIGTERM');
    await done;

    const processed = lines(out);
    // Nothing lost: every record processed at least once, counted.
    expect(new Set(processed).size).toBe(total);
    // Duplicates only for records processed but not yet committed at the kill.
    expect(processed.length - total).toBeLessThanOrEqual(beforeRestart - committedAtKill);
    expect(await committed(kafka, group, topic)).toEqual([total / 2, total / 2]);
  }, 60_000);
});
