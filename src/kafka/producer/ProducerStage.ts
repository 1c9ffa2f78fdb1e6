import type { Producer } from 'kafkajs';
import {
  type AsyncCallback,
  FlowShape,
  GraphStage,
  type GraphStageLogic,
  Inlet,
  Outlet,
} from '../../core/index.js';
import type { Envelope, Results } from '../ProducerMessage.js';
import type { ProducerSettings } from '../settings/ProducerSettings.js';
import { createProducer } from './createProducer.js';
import { errorText, ProducerLogic, type Sender } from './ProducerLogic.js';

/** @internal The stage behind `Producer.flexiFlow` and the producer sinks. */
export class ProducerStage<K, V, PT> extends GraphStage<
  FlowShape<Envelope<K, V, PT>, Results<K, V, PT>>
> {
  readonly shape: FlowShape<Envelope<K, V, PT>, Results<K, V, PT>>;
  constructor(
    readonly name: string,
    readonly settings: ProducerSettings<K, V>,
  ) {
    super(name);
    settings.requireBootstrapServers(name);
    this.shape = new FlowShape(new Inlet(`${name}.in`), new Outlet(`${name}.out`));
  }
  createLogic(): GraphStageLogic {
    return new PlainProducerLogic(this);
  }
}

class PlainProducerLogic<K, V, PT> extends ProducerLogic<K, V, PT> {
  private readonly onConnected: AsyncCallback<undefined>;
  private readonly onConnectFailed: AsyncCallback<unknown>;

  constructor(private readonly stage: ProducerStage<K, V, PT>) {
    super(stage.shape, stage.settings);
    this.onConnected = this.getAsyncCallback(() => {
      this.isReady = true;
      this.pullIfRoom();
      // Upstream may have finished while we connected.
      this.afterBatch();
    });
    this.onConnectFailed = this.getAsyncCallback((error) => {
      this.failStage(
        new Error(`${this.label}: cannot connect the producer: ${errorText(error)}`, {
          cause: error,
        }),
      );
    });
  }

  protected get sender(): Sender {
    return this.producer as Producer; // flush runs only once the producer is connected
  }

  override preStart(): void {
    super.preStart();
    const producer = createProducer(this.stage.settings, this.label);
    // Held from the start so that postStop closes it even if the stage stops while it connects.
    this.producer = producer;
    producer.connect().then(
      () => {
        this.onConnected.invoke(undefined);
      },
      (error: unknown) => {
        this.onConnectFailed.invoke(error);
      },
    );
  }

  protected finish(): void {
    this.closeThen(() => {
      this.completeStage();
    });
  }

  protected failWith(error: unknown): void {
    this.failStage(error);
  }
}
