import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { kcat, spawnUntil } from './helpers/clients.js';

const CLI = ['--import', 'tsx', 'src/testkit/broker/cli.ts'];

async function exitCode(child: { kill(signal: NodeJS.Signals): boolean }, signal: NodeJS.Signals) {
  const exited = once(child as unknown as NodeJS.EventEmitter, 'exit') as Promise<[number | null]>;
  child.kill(signal);
  const [code] = await exited;
  return code;
}

describe('sluice-broker CLI', () => {
  it('prints one listening line per broker, serves kcat, and exits 0 on SIGTERM', async () => {
    const { child, line } = await spawnUntil(
      process.execPath,
      [...CLI, '--port', '0', '--brokers', '2', '--partitions', '3'],
      /(listening on \S+\n){2}/,
    );
    const addresses = [...line.matchAll(/listening on (\S+)/g)].map((m) => m[1] ?? '');
    expect(addresses).toHaveLength(2);
    expect(addresses[0]).toMatch(/^127\.0\.0\.1:\d+$/);
    await kcat(['-b', addresses.join(','), '-P', '-t', 'from-cli'], 'x\n');
    const meta = await kcat(['-b', addresses.join(','), '-L', '-t', 'from-cli']);
    expect(meta).toContain('2 brokers');
    expect(meta).toContain('topic "from-cli" with 3 partitions');
    expect(await exitCode(child, 'SIGTERM')).toBe(0);
  });

  it('exits 0 on SIGINT', async () => {
    const { child } = await spawnUntil(
      process.execPath,
      [...CLI, '--port', '0'],
      /listening on \S+\n/,
    );
    expect(await exitCode(child, 'SIGINT')).toBe(0);
  });

  it('refuses bad arguments with exit code 2 and the usage line', async () => {
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      execFile(process.execPath, [...CLI, '--brokers', 'zero'], (err, _stdout, stderr) => {
        resolve({ code: err === null ? 0 : (err.code as number | null), stderr });
      });
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /--brokers must be an integer ≥ 1, got 'zero'\nusage: sluice-broker/,
    );
  });
});
