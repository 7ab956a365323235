import { describe, expect, it } from 'vitest';
import { CodeMap, missesByFunction } from '../bench/misses.js';

/** Two compiled functions, as node's --perf-basic-prof map lists them. */
const MAP = `1000 40 JS:*poll file:///work/main/dist/models/polling/poller.js:143:9
1040 20 Builtin:FindOrderedHashMapEntry
`;

/** A callgrind file in miniature (--dump-instr=yes): addresses absolute or relative, columns as in `events:`, trailing zeros left out. */
const FILE = `positions: instr line
events: Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw
fn=(1) 0x1000
0x1000 0 3 1 0 0 1 0 0 1
+4 0 2 1 1 0 0 0 0 0 1
cfn=(2) 0x1040
calls=1 0x1040 0
+8 0 500 9 9 9 9 9 9 9 9
+2 0 1
fn=(2)
0x1044 0 7 2 0 0 1 0 0 1
0x9000 0 11 0 0 0 0 0 0 2
fn=(3) v8::internal::Heap::Scavenge()
0xa000 0 5 0 0 0 0 0 0 3
cfn=(4) v8::internal::Heap::Sweep()
calls=1 0xb000
0xa002 0 40 9 9 9 9 9 9 9 9
fn=(1)
0xa004 0 1
fn=(3)
+4 0 2 0 0 0 0 0 0 1
fn=(4)
0xb000 0 3 0 0 0 0 0 0 1
`;

describe('bench misses: a callgrind file summed by the compiled function at each instruction', () => {
  it("counts each instruction's last-level misses and instructions where they are spent, not again at the call; node's own code by its symbol", () => {
    const by = missesByFunction(FILE, new CodeMap(MAP));
    expect(by.get('poll models/polling/poller.js:143:9')).toEqual([2, 6]);
    expect(by.get('FindOrderedHashMapEntry')).toEqual([1, 7]);
    expect(by.get('(unnamed)')).toEqual([2, 12]);
    expect(by.get('(native) v8::internal::Heap::Scavenge()')).toEqual([4, 7]);
    expect(by.get('(native) v8::internal::Heap::Sweep()')).toEqual([1, 3]);
    expect([...by.keys()].length).toBe(5);
  });
});
