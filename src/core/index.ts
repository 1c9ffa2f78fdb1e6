export { AsyncCallback } from './AsyncCallback.js';
export { Attributes, type AttributeValues, type InputBuffer } from './Attributes.js';
export { BidiFlow } from './BidiFlow.js';
export { realClock, type Cancellable, type Clock } from './Clock.js';
export {
  AbruptTerminationError,
  GraphBuildError,
  NoMoreElementsNeeded,
  PortMisuseError,
  StreamDetachedError,
  isFailureCause,
} from './errors.js';
export { Flow } from './Flow.js';
export type { FlowOps, FlowOpsMat, OpsKind, Repr, ReprOf } from './FlowOps.js';
export { FusableFlow } from './FusableFlow.js';
export { FusableSink } from './FusableSink.js';
export { FusableSource } from './FusableSource.js';
export type { Graph } from './Graph.js';
export { GraphDSL, type GraphBuilder } from './GraphDSL.js';
export { GraphStage, GraphStageWithMaterializedValue } from './GraphStage.js';
export { GraphStageLogic } from './GraphStageLogic.js';
export type { InHandler, OutHandler } from './handlers.js';
export { Inlet } from './Inlet.js';
export { Keep } from './Keep.js';
export { Materializer, type MaterializerSettings, type RuntimeLogger } from './Materializer.js';
export { NotUsed } from './NotUsed.js';
export { Outlet } from './Outlet.js';
export { MaxCapacity, RingBuffer } from './RingBuffer.js';
export { RunnableGraph } from './RunnableGraph.js';
export {
  BidiShape,
  ClosedShape,
  FanInShape2,
  FanInShape3,
  FanOutShape2,
  FlowShape,
  Shape,
  SinkShape,
  SourceShape,
  UniformFanInShape,
  UniformFanOutShape,
} from './Shape.js';
export { Sink } from './Sink.js';
export { FlowChain, FlowRun } from './FlowChain.js';
export { SinkChain } from './SinkChain.js';
export { SourceChain, SourceRun } from './SourceChain.js';
export type {
  ExpansionState,
  SinkStep,
  SourceDownstream,
  SourceStep,
  StepContext,
  StepExpansion,
  StepGate,
  StepSink,
} from './StepSink.js';
export { Source } from './Source.js';
export { SubSinkInlet } from './SubSinkInlet.js';
export { SubSourceOutlet } from './SubSourceOutlet.js';
export { Supervision, type Decider, type Directive } from './Supervision.js';
export { TimerGraphStageLogic } from './TimerGraphStageLogic.js';
export {
  requireCapacity,
  requireFunction,
  requireSink,
  requireSinks,
  requireNonNegativeDuration,
  requireNonNegativeInt,
  requirePositiveInt,
} from './validation.js';
