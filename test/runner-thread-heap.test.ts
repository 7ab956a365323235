import { describe, expect, it } from 'vitest';
import { loadScenario } from '../src/cli/scenario-file.js';
import { machineShareMb } from '../src/runner/pool.js';
import { SMALL_WORLD_BYTES, smallWorlds, threadHeapMb } from '../src/runner/run-scenario.js';
import { estimateWork } from '../src/scenario/index.js';

// A world larger than a thread's default heap (about 4 GB) would kill its run; such a world's
// threads are given the heap it is estimated to need, within the machine's memory.

const GB = 2 ** 30;

describe('the heap of a worker thread', () => {
  it('is V8\'s default for the shipped scenarios a default heap holds', () => {
    for (const name of ['default', 'scale']) expect(threadHeapMb(estimateWork(loadScenario(`scenarios/${name}.yaml`)), 2, 24 * GB), name).toBeUndefined();
  });

  it('a national day: its estimate and a quarter more, within nine tenths of the memory shared by the threads', () => {
    const national = estimateWork(loadScenario('scenarios/national.yaml', {}, { allowLarge: true }));
    const wanted = Math.ceil((national.memoryPerRun * 1.25) / 2 ** 20);
    expect(wanted).toBeGreaterThan(4096);
    expect(threadHeapMb(national, 1, 64 * GB)).toBe(wanted);
    expect(threadHeapMb(national, 2, 12 * GB)).toBe(Math.floor((12 * GB * 0.9) / 2 / 2 ** 20));
    // Never below the default, however little memory; unknown memory: the default.
    expect(threadHeapMb(national, 8, 4 * GB)).toBe(4096);
    expect(threadHeapMb(national, 2, undefined)).toBeUndefined();
  });

  it('of a queue worker (its threads start before any job is seen): the machine\'s share, when above the default', () => {
    expect(machineShareMb(24 * GB, 2)).toBe(Math.floor((24 * GB * 0.9) / 2 / 2 ** 20));
    expect(machineShareMb(24 * GB, 1)).toBe(Math.floor((24 * GB * 0.9) / 2 ** 20));
    expect(machineShareMb(8 * GB, 4)).toBeUndefined();
    expect(machineShareMb(undefined, 2)).toBeUndefined();
  });
});

describe('small worlds (their heaps are collected tighter: see SMALL_WORLD_YOUNG_GENERATION_MB)', () => {
  it('are the shipped default and scale scenarios, not a national day nor a world a few times scale.yaml\'s', () => {
    for (const name of ['default', 'scale']) expect(smallWorlds(estimateWork(loadScenario(`scenarios/${name}.yaml`))), name).toBe(true);
    expect(smallWorlds(estimateWork(loadScenario('scenarios/national.yaml', {}, { allowLarge: true })))).toBe(false);
    const scale = loadScenario('scenarios/scale.yaml');
    expect(estimateWork(scale).memoryPerRun).toBeLessThan(SMALL_WORLD_BYTES);
    const triple = loadScenario('scenarios/scale.yaml', { set: ['placers.count=30000'] }, { allowLarge: true });
    expect(estimateWork(triple).memoryPerRun).toBeGreaterThan(SMALL_WORLD_BYTES);
    expect(smallWorlds(estimateWork(triple))).toBe(false);
  });
});
