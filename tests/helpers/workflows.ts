// Project folders for cross-project workflow tests (SPEC §3 `triggers`, `triggerable_by`; §4 AGENT_OS_TRIGGER):
// the seed's "volatility spike → query memories" pair, with task scripts written as real files.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeProject } from './fixtures';

/**
 * A task script that hands on what it was triggered with: the AGENT_OS_TRIGGER file's JSON becomes the
 * `received` field of its own result (and is printed to its log), so a test can compare it with the
 * upstream result byte for byte. Without the variable it records `received: "no AGENT_OS_TRIGGER"`.
 */
export const COPY_TRIGGER_SCRIPT = `#!/bin/sh
if [ -z "$AGENT_OS_TRIGGER" ]; then payload='"no AGENT_OS_TRIGGER"'; else payload=$(cat "$AGENT_OS_TRIGGER"); fi
printf '{"type":"result","received":%s}\\n' "$payload" >> "$AGENT_OS_OUTPUT"
printf 'trigger file: %s\\n' "$payload"
`;

/** A task script that reports the JSON line in signal.json (next to it) as its result. */
export const REPORT_SIGNAL_SCRIPT = `#!/bin/sh
cat signal.json >> "$AGENT_OS_OUTPUT"
echo checked volatility
`;

/** Writes the result line `trading/volatility_check` reports on its next run. */
export function writeSignal(tradingDir: string, data: Record<string, unknown>): void {
  writeFileSync(join(tradingDir, 'signal.json'), `${JSON.stringify({ type: 'result', ...data })}\n`);
}

/**
 * `trading` with `volatility_check` (reports signal.json) and `noted` (does nothing) and the given
 * `triggers:` YAML block; `cortana` with `query_memories` (copies its trigger file) and any extra task
 * YAML. Returns both folders.
 */
export function writeTradingAndCortana(
  root: string,
  options: { triggers: string; cortanaTasks?: string; queryMemories?: string; tradingTasks?: string },
): { trading: string; cortana: string } {
  const trading = writeProject(root, 'trading', {
    manifest: `name: trading
tasks:
  volatility_check:
    command: ["sh", "report-signal.sh"]
  noted:
    command: ["true"]
${options.tradingTasks ?? ''}triggers:
${options.triggers}`,
  });
  writeFileSync(join(trading, 'report-signal.sh'), REPORT_SIGNAL_SCRIPT);
  const cortana = writeProject(root, 'cortana', {
    manifest: `name: cortana
tasks:
  query_memories:
    command: ["sh", "copy-trigger.sh"]
${options.queryMemories ?? '    triggerable_by: [trading]\n'}${options.cortanaTasks ?? ''}`,
  });
  writeFileSync(join(cortana, 'copy-trigger.sh'), COPY_TRIGGER_SCRIPT);
  return { trading, cortana };
}

/** The trigger of the seed: a volatility spike in trading asks cortana to query its memories. */
export const SPIKE_TRIGGER = `  - on: { task: volatility_check, status: success }
    when: { output: "$.spike == true" }
    run: cortana/query_memories
`;

/** A second trigger on the same run without a condition: proof that the run's triggers were evaluated. */
export const NOTED_TRIGGER = `  - on: { task: volatility_check }
    run: noted
`;
