import { ConsumerSettings, Deserializers } from 'sluice/kafka';
import { describe, expect, it } from 'vitest';

const base = (): ConsumerSettings<string, string> =>
  ConsumerSettings.create({
    keyDeserializer: Deserializers.string,
    valueDeserializer: Deserializers.string,
  });

describe('ConsumerSettings', () => {
  it("has Alpakka's defaults", () => {
    const s = base();
    expect([s.pollTimeout, s.pollInterval, s.stopTimeout, s.closeTimeout]).toEqual([
      50, 50, 30_000, 20_000,
    ]);
    expect([s.commitTimeout, s.commitTimeWarning, s.waitClosePartition]).toEqual([
      15_000, 1_000, 500,
    ]);
    expect(s.clientId).toBe('sluice-consumer');
    expect(s.poisonRecords).toBe('fail');
    expect(s.connectionChecker.enable).toBe(true);
  });

  it('is immutable: with* returns a changed copy', () => {
    const s = base();
    const t = s
      .withBootstrapServers('a:1,b:2')
      .withGroupId('g')
      .withProperty('autoOffsetReset', 'earliest')
      .withProperty('sessionTimeout', 10_000);
    expect(s.bootstrapServers).toEqual([]);
    expect(t.bootstrapServers).toEqual(['a:1', 'b:2']);
    expect(t.groupId).toBe('g');
    expect(t.properties).toEqual({ autoOffsetReset: 'earliest', sessionTimeout: 10_000 });
    expect(Object.isFrozen(t)).toBe(true);
  });

  it('refuses bad settings at construction, naming them', () => {
    expect(() => base().withCommitTimeout(0)).toThrow(
      /^ConsumerSettings: commitTimeout must be positive, got 0$/,
    );
    expect(() => base().withStopTimeout(-1)).toThrow(
      /^ConsumerSettings: stopTimeout must be a non-negative number of milliseconds, got -1$/,
    );
    expect(() => base().withBootstrapServers('nohost')).toThrow(
      /bootstrapServers must be 'host:port'/,
    );
    expect(() => base().withGroupId('')).toThrow(
      /^ConsumerSettings: groupId must be a non-empty string/,
    );
    expect(() => base().withProperty('autoOffsetReset', 'oldest' as 'earliest')).toThrow(
      /^ConsumerSettings: autoOffsetReset must be 'earliest', 'latest' or 'none', got "oldest"$/,
    );
    expect(() => base().withPoisonRecords({ deadLetterTopic: '' })).toThrow(
      /^ConsumerSettings: poisonRecords must be/,
    );
    expect(() => base().withConnectionChecker({ maxRetries: 0 })).toThrow(
      /^ConnectionCheckerSettings: maxRetries must be a positive integer, got 0$/,
    );
  });
});

describe('Deserializers', () => {
  it('decode strings, JSON and bytes; a tombstone fails unless nullable', () => {
    expect(Deserializers.string.deserialize(Buffer.from('hé'), 't')).toBe('hé');
    expect(Deserializers.json<{ a: number }>().deserialize(Buffer.from('{"a":1}'), 't')).toEqual({
      a: 1,
    });
    expect(Deserializers.bytes.deserialize(Buffer.from([1, 2]), 't')).toEqual(Buffer.from([1, 2]));
    expect(() => Deserializers.json().deserialize(null, 'orders')).toThrow(
      /^Deserializers.json: cannot deserialize a null value \(a tombstone\) from topic 'orders'; wrap it in Deserializers.nullable$/,
    );
    expect(Deserializers.nullable(Deserializers.string).deserialize(null, 't')).toBeNull();
  });
});
