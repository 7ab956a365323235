/** The problems a scenario text is refused with, as the CLI prints them (empty when it is valid). */

import { ScenarioError, parseScenario } from '../../src/scenario/index.js';

/** `source:line path: message` lines, joined by newlines; '' when `text` parses. */
export function scenarioProblems(text: string, source: string): string {
  try {
    parseScenario(text, source);
  } catch (e) {
    if (e instanceof ScenarioError) return e.message;
    throw e;
  }
  return '';
}
