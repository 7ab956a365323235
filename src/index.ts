/** fhir-workflow-sim: the public programmatic API. */

export * from './engine/index.js';
export * from './models/index.js';
export * from './patterns/index.js';
