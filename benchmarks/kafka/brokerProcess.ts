/**
 * The embedded broker in a process of its own (the package's `sluice-broker` command, `dist/testkit/broker/cli.js`, on port 0), so the
 * benchmarked client owns its event loop and the broker's work lands on the other core, as with
 * a real cluster.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A running broker process: where it listens and how to stop it. */
export interface BrokerProcess {
  readonly bootstrapServers: string[];
  stop(): Promise<void>;
}

const CLI = fileURLToPath(new URL('../../dist/testkit/broker/cli.js', import.meta.url));

/** Starts the broker with `partitions` per auto-created topic; resolves once it listens. */
export function startBrokerProcess(partitions: number): Promise<BrokerProcess> {
  const child = spawn(process.execPath, [CLI, '--port', '0', '--partitions', String(partitions)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve();
    });
  });
  // A bench that dies must not leave its broker behind.
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (d: Buffer): void => {
      out += d.toString();
      const m = /listening on (\S+:\d+)/.exec(out);
      if (m?.[1] === undefined) return;
      child.stdout.off('data', onData);
      child.stdout.resume();
      resolve({
        bootstrapServers: [m[1]],
        stop: () => {
          process.off('exit', killOnExit);
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          return exited;
        },
      });
    };
    child.stdout.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code) => {
      reject(new Error(`broker process exited with ${String(code)} before listening: ${out}`));
    });
  });
}
