/** The discrete-event core: clock, event queue, processes, RNG streams, distributions, statistics, resources. No FHIR here. */

export * from './time.js';
export { EventQueue, type EventHandle, type Handler } from './event-queue.js';
export { Simulation, type RunOptions, type Tracer } from './simulation.js';
export { TimerLane, type LaneHandle } from './timer-lane.js';
export { Process, Signal, spawn, type ProcessBody, type ProcessYield, type Waitable } from './process.js';
export { RandomStreams, ScopedStreams, createStream, keyedStream, type Rng } from './rng.js';
export { Constant, Uniform, Exponential, type Distribution } from './distributions/distribution.js';
export { TruncatedNormal, Lognormal, standardNormal, normalCdf, normalPdf, erfc } from './distributions/normal.js';
export { Gamma, Erlang } from './distributions/gamma.js';
export { EmpiricalValues, EmpiricalPercentiles, type PercentilePoint } from './distributions/empirical.js';
export { Counter, TALLY_CELLS, Tally } from './stats/tally.js';
export { TIME_WEIGHTED_CELLS, TimeWeighted } from './stats/time-weighted.js';
export { StatCells } from './stats/stat-cells.js';
export { Percentiles, type PercentilesOptions } from './stats/percentiles.js';
export { Resource } from './resource.js';
export { arrayWithRoom, withRoomFor, type GrowableArray } from './typed-room.js';
