// A source stage fed by a kafkajs consumer: messages enter the stage through an async callback,
// and when its bounded buffer is full the consumer's handler waits, so back-pressure reaches Kafka.
import type { Consumer } from 'kafkajs';
import {
  type AsyncCallback,
  GraphStage,
  GraphStageLogic,
  Outlet,
  type OutHandler,
  RingBuffer,
  Source,
  SourceShape,
  type NotUsed,
} from 'sluice';

interface Delivery {
  readonly value: string;
  readonly resume: () => void;
}

/** Emits the values of every message `consumer` receives on `topic`, `bufferSize` at most buffered. */
export function topicSource(
  consumer: Consumer,
  topic: string,
  bufferSize = 64,
): Source<string, NotUsed> {
  return Source.fromGraph(new TopicSource(consumer, topic, bufferSize));
}

class TopicSource extends GraphStage<SourceShape<string>> {
  readonly shape = new SourceShape(new Outlet<string>('topicSource.out'));
  constructor(
    readonly consumer: Consumer,
    readonly topic: string,
    readonly bufferSize: number,
  ) {
    super('topicSource');
  }
  createLogic(): GraphStageLogic {
    return new TopicSourceLogic(this);
  }
}

class TopicSourceLogic extends GraphStageLogic implements OutHandler {
  private readonly buffer: RingBuffer<string>;
  private blocked: (() => void) | undefined = undefined;
  private readonly delivered: AsyncCallback<Delivery>;
  private readonly failed: AsyncCallback<unknown>;
  constructor(private readonly stage: TopicSource) {
    super(stage.shape);
    this.buffer = new RingBuffer(stage.bufferSize);
    this.setHandler(stage.shape.out, this);
    this.delivered = this.getAsyncCallback((d: Delivery) => {
      this.buffer.enqueue(d.value);
      if (this.isAvailable(this.stage.shape.out))
        this.push(this.stage.shape.out, this.buffer.dequeue());
      // A full buffer parks the consumer's handler until downstream takes an element.
      if (this.buffer.isFull) this.blocked = d.resume;
      else d.resume();
    });
    this.failed = this.getAsyncCallback((error: unknown) => {
      this.failStage(error);
    });
  }
  override preStart(): void {
    const { consumer, topic } = this.stage;
    consumer
      .subscribe({ topics: [topic], fromBeginning: true })
      .then(() =>
        consumer.run({
          eachMessage: ({ message }) =>
            new Promise<void>((resume) => {
              this.delivered.invoke({ value: message.value?.toString() ?? '', resume });
            }),
        }),
      )
      .catch((error: unknown) => {
        this.failed.invoke(error);
      });
  }
  onPull(): void {
    if (this.buffer.isEmpty) return;
    this.push(this.stage.shape.out, this.buffer.dequeue());
    const resume = this.blocked;
    this.blocked = undefined;
    if (resume !== undefined) resume();
  }
  override postStop(): void {
    this.blocked?.();
  }
}
