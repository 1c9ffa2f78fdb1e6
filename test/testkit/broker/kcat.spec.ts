import { describe, expect, it } from 'vitest';
import { kcat, startKafka } from './helpers/clients.js';

describe('kcat (librdkafka 2.0.2)', () => {
  it('lists brokers, the controller and topics with -L', async () => {
    const { kafka } = await startKafka({ brokers: 3 });
    kafka.createTopic('listed', 3);
    const out = await kcat(['-b', kafka.bootstrapServers.join(','), '-L']);
    for (const [i, addr] of kafka.bootstrapServers.entries()) {
      expect(out).toContain(`broker ${i} at ${addr}`);
    }
    expect(out).toMatch(/broker 0 at \S+ \(controller\)/);
    expect(out).toContain('topic "listed" with 3 partitions');
    expect(out).toMatch(/partition 1, leader 1, replicas: 1,2,0, isrs: 1,2,0/);
  });

  it('produces with -P and reads back with -C -e, keys and partitions intact', async () => {
    const { kafka, logs } = await startKafka({ brokers: 2 });
    kafka.createTopic('roundtrip', 2);
    const brokers = kafka.bootstrapServers.join(',');
    const lines = ['k1:one', 'k2:two', 'k3:three'];
    await kcat(
      ['-b', brokers, '-P', '-t', 'roundtrip', '-p', '1', '-K', ':'],
      lines.join('\n') + '\n',
    );
    await kcat(['-b', brokers, '-P', '-t', 'roundtrip', '-p', '0', '-z', 'gzip'], 'zipped\n');
    const out = await kcat([
      '-b',
      brokers,
      '-C',
      '-t',
      'roundtrip',
      '-o',
      'beginning',
      '-e',
      '-f',
      '%p/%o %k=%s\n',
    ]);
    expect(out.trim().split('\n').sort()).toEqual([
      '0/0 =zipped',
      '1/0 k1=one',
      '1/1 k2=two',
      '1/2 k3=three',
    ]);
    expect(kafka.records('roundtrip', 1).map((r) => r.key?.toString())).toEqual(['k1', 'k2', 'k3']);
    expect(logs).toEqual([]);
  });

  it('resolves -o end and -o -N with ListOffsets', async () => {
    const { kafka } = await startKafka();
    kafka.createTopic('tail', 1);
    const brokers = kafka.bootstrapServers.join(',');
    await kcat(['-b', brokers, '-P', '-t', 'tail'], 'a\nb\nc\nd\n');
    const lastTwo = await kcat(['-b', brokers, '-C', '-t', 'tail', '-o', '-2', '-e', '-f', '%s\n']);
    expect(lastTwo.trim().split('\n')).toEqual(['c', 'd']);
    const none = await kcat(['-b', brokers, '-C', '-t', 'tail', '-o', 'end', '-e', '-f', '%s\n']);
    expect(none.trim()).toBe('');
  });
});
