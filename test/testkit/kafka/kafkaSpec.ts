import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { Materializer, type MaterializerSettings } from 'sluice';
import { assertAllStagesStopped, type EmbeddedKafkaOptions, KafkaTestKit } from 'sluice/testkit';

/** What {@link kafkaSpec} gives a spec file. */
export interface KafkaSpec {
  /** The spec file's kit; started before its first test, stopped after its last. */
  readonly kit: KafkaTestKit;
  /**
   * A materializer whose stages must all have stopped when the test that made it ends (or, made
   * at the top of the file, when each test ends).
   */
  materializer(settings?: MaterializerSettings): Materializer;
}

/**
 * Alpakka's `KafkaSpec` for vitest: one {@link KafkaTestKit} per spec file, and materializers
 * checked with `assertAllStagesStopped` after each test. It lives with the tests, not in
 * `sluice/testkit`, so the package does not depend on vitest.
 */
export function kafkaSpec(options: EmbeddedKafkaOptions = {}): KafkaSpec {
  let started: KafkaTestKit | undefined;
  /** Made at the top of the file: checked after every test. */
  const perFile: Materializer[] = [];
  /** Made inside a test: checked after that test only, so one failure does not fail the next. */
  const perTest: Materializer[] = [];
  let isInTest = false;
  beforeAll(async () => {
    started = await KafkaTestKit.start(options);
  });
  afterAll(async () => {
    await started?.stop();
  });
  beforeEach(() => {
    isInTest = true;
  });
  afterEach(() => {
    isInTest = false;
    for (const mat of [...perFile, ...perTest.splice(0)]) assertAllStagesStopped(mat);
  });
  return {
    get kit(): KafkaTestKit {
      if (started === undefined) throw new Error('kafkaSpec: the kit starts in beforeAll');
      return started;
    },
    materializer(settings?: MaterializerSettings): Materializer {
      const mat = new Materializer(settings);
      (isInTest ? perTest : perFile).push(mat);
      return mat;
    },
  };
}
