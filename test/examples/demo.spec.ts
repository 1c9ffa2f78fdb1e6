import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Runs `examples/demo.ts` the way `npm start` does (after the build) and collects its output. */
function runDemo(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'examples/demo.ts'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => {
    child.once('exit', (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}

describe('examples/demo (npm start)', () => {
  it('runs both pipelines on the embedded broker and reports every order once', async () => {
    const { code, stdout, stderr } = await runDemo();
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Kafka: embedded broker at 127\.0\.0\.1:\d+$/m);
    // pipeline, in, out, records/s, duplicates, max calls in flight
    for (const name of ['at-least-once', 'exactly-once']) {
      const row = new RegExp(`^${name} +5,000 +5,000 +[\\d,]+ +0 +16$`, 'm');
      expect(stdout).toMatch(row);
    }
  }, 60_000);
});
