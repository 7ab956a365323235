/** One order's message sequence as text: a numbered list and a Mermaid sequence diagram. */

import { toSeconds } from '../engine/index.js';
import type { TracedInteraction } from '../models/index.js';
import type { OrderTrace, Pattern } from '../patterns/index.js';

/** Options of {@link formatOrderSequence}. */
export interface SequenceOptions {
  /** Include calls of an application to its own server (not messages between systems). */
  includeLocal?: boolean;
}

/** The rendered sequence. */
export interface OrderSequence {
  /** Numbered lines, one per interaction. */
  list: string[];
  /** A Mermaid `sequenceDiagram` block (without the Markdown fence). */
  mermaid: string;
  /** Messages between systems in this order's life. */
  remoteMessages: number;
  /** Placement to the placer knowing the outcome, seconds (NaN if it never learned). */
  endToEndSeconds: number;
}

/** Formats a traced order (from `traceOneOrder`). */
export function formatOrderSequence(pattern: Pattern, trace: OrderTrace, options: SequenceOptions = {}): OrderSequence {
  const lines = trace.lines.filter((l) => options.includeLocal === true || l.remote);
  const list = lines.map((l, i) => `${String(i + 1).padStart(2)}. t=${seconds(l.sentAt)}  ${l.from} -> ${systemOf(l.to)}: ${l.text}  => ${statusText(l)}${l.remote ? '' : '  (local call)'}`);
  const actors: string[] = [];
  const alias = new Map<string, string>();
  const add = (name: string): void => {
    if (!alias.has(name)) {
      alias.set(name, `p${alias.size}`);
      actors.push(name);
    }
  };
  for (const l of lines) {
    add(systemOf(l.from));
    add(systemOf(l.to));
  }
  const mermaid = [
    'sequenceDiagram',
    `  title ${pattern.id}: ${pattern.title}`,
    ...actors.map((a) => `  participant ${alias.get(a)} as ${a}`),
    ...lines.flatMap((l) => {
      const from = alias.get(systemOf(l.from)) as string;
      const to = alias.get(systemOf(l.to)) as string;
      return [`  ${from}->>${to}: ${mermaidSafe(l.text)}`, `  ${to}-->>${from}: ${statusText(l)}`];
    }),
  ].join('\n');
  const o = trace.order;
  return {
    list,
    mermaid,
    remoteMessages: trace.lines.filter((l) => l.remote).length,
    endToEndSeconds: o.outcomeKnownAt >= 0 ? toSeconds(o.outcomeKnownAt - o.placedAt) : Number.NaN,
  };
}

/** The system an endpoint belongs to: `filler/0/fhir` and `filler/0/notifications` are both filler/0's. */
function systemOf(endpoint: string): string {
  const m = /^(placer\/\d+|filler\/\d+)/.exec(endpoint);
  return m?.[1] ?? endpoint;
}

function statusText(l: TracedInteraction): string {
  return l.status < 0 ? 'no answer yet' : l.status === 0 ? 'timed out' : String(l.status);
}

function seconds(us: number): string {
  return `${toSeconds(us).toFixed(3)}s`;
}

function mermaidSafe(s: string): string {
  return s.replace(/[;#]/g, ' ');
}
