import { describe, expect, it } from 'vitest';
import { Process, Resource, Signal, Simulation, spawn, type ProcessBody } from '../src/engine/index.js';

describe('generator processes', () => {
  it('advance by yielded delays and interleave with callback events in time order', () => {
    const sim = new Simulation();
    const log: string[] = [];
    function* walker(name: string, step: number): ProcessBody {
      for (let i = 0; i < 3; i++) {
        log.push(`${sim.now}:${name}${i}`);
        yield step;
      }
    }
    spawn(sim, walker('a', 2), 'a');
    spawn(sim, walker('b', 3), 'b');
    sim.schedule(4, () => log.push(`${sim.now}:callback`));
    sim.run();
    // At t=4 the callback (scheduled at t=0) runs before a's resumption (scheduled at t=2).
    expect(log).toEqual(['0:a0', '0:b0', '2:a1', '3:b1', '4:callback', '4:a2', '6:b2']);
    expect(sim.now).toBe(9);
  });

  it('wait on a signal, resume with its value in waiting order, and only those waiting when it fires', () => {
    const sim = new Simulation();
    const ready = new Signal();
    const log: string[] = [];
    function* waiter(name: string, delayBeforeWait: number): ProcessBody {
      yield delayBeforeWait;
      const v = (yield ready) as string;
      log.push(`${sim.now}:${name}:${v}`);
    }
    spawn(sim, waiter('late', 5));
    spawn(sim, waiter('first', 1));
    spawn(sim, waiter('second', 2));
    sim.schedule(3, () => expect(ready.fire('go')).toBe(2));
    sim.schedule(8, () => ready.fire('again'));
    sim.run();
    expect(log).toEqual(['3:first:go', '3:second:go', '8:late:again']);
  });

  it('join another process and receive its return value, also when it already ended', () => {
    const sim = new Simulation();
    const log: string[] = [];
    const child = spawn(sim, (function* (): ProcessBody {
      yield 4;
      return 42;
    })());
    spawn(sim, (function* (): ProcessBody {
      const r = yield child;
      log.push(`${sim.now}:early:${String(r)}`);
      yield 10;
      const again = yield child;
      log.push(`${sim.now}:late:${String(again)}`);
    })());
    sim.run();
    expect(log).toEqual(['4:early:42', '14:late:42']);
    expect(child.done).toBe(true);
  });

  it('queue FIFO for a resource: each customer holds it for its service time', () => {
    const sim = new Simulation();
    const server = new Resource(sim, 1, 'server');
    const log: string[] = [];
    function* customer(name: string, arrive: number, service: number): ProcessBody {
      yield arrive;
      yield server.acquire;
      log.push(`${sim.now}:${name}:start`);
      yield service;
      server.release();
    }
    spawn(sim, customer('a', 0, 5));
    spawn(sim, customer('b', 1, 2));
    spawn(sim, customer('c', 2, 1));
    sim.run();
    expect(log).toEqual(['0:a:start', '5:b:start', '7:c:start']);
    expect(server.waits.count).toBe(3);
    expect(server.waits.mean).toBeCloseTo((0 + 4 + 5) / 3, 12);
    expect(sim.eventsExecuted).toBe(3 /* starts */ + 3 /* arrivals */ + 3 /* service ends */);
  });

  it('startNow runs the body inside the current event, without an extra event', () => {
    const sim = new Simulation();
    const log: string[] = [];
    sim.schedule(5, () => {
      new Process(sim, (function* (): ProcessBody {
        log.push(`${sim.now}:body`);
        yield 1;
        log.push(`${sim.now}:after`);
      })()).startNow();
      log.push(`${sim.now}:handler-end`);
    });
    sim.run();
    expect(log).toEqual(['5:body', '5:handler-end', '6:after']);
    expect(sim.eventsExecuted).toBe(2);
  });

  it('refuses a resume while the process is not waiting (a model bug)', () => {
    const sim = new Simulation();
    const p = spawn(sim, (function* (): ProcessBody {
      yield 10;
    })());
    sim.run({ until: 5 });
    expect(() => p.resume()).toThrow(/not waiting/);
  });

  it('propagates an exception thrown by a body out of run()', () => {
    const sim = new Simulation();
    spawn(sim, (function* (): ProcessBody {
      yield 1;
      throw new Error('boom in model');
    })());
    expect(() => sim.run()).toThrow('boom in model');
  });
});
