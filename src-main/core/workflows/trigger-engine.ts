import type { Run } from '../../common/models';
import type { Logger } from '../app-log';
import type { Store } from '../db/store';
import type { ProjectRegistry } from '../projects/project-registry';
import type { RunService } from '../runner/run-service';
import { evaluateCondition, parseCondition } from './condition';

/** How many triggered runs may follow each other before the chain is cut. */
export const MAX_TRIGGER_DEPTH = 5;

const MATCHES: Record<string, (status: Run['status']) => boolean> = {
  success: (s) => s === 'success',
  failed: (s) => s === 'failed',
  timeout: (s) => s === 'timeout',
  any: (s) => s === 'success' || s === 'failed' || s === 'timeout',
};

/**
 * Cross-project workflows: when a run ends, the triggers on its task start their targets, with the run's
 * result as the target's AGENT_OS_TRIGGER file. Started through the run service, so overlap and resources
 * apply; each triggered run records what triggered it; chains deeper than MAX_TRIGGER_DEPTH are cut.
 */
export class TriggerEngine {
  constructor(
    private readonly store: Store,
    private readonly registry: ProjectRegistry,
    private readonly runs: RunService,
    private readonly log: Logger,
    /** When given, the runs triggers start go to a detached worker (a one-shot CLI must not hold them). */
    private readonly detach?: (run: Run) => number | null,
  ) {}

  /** The AGENT_OS_TRIGGER payload of a run triggered by `upstreamRunId` (a detached worker reads it again). */
  payloadFor(upstreamRunId: number): unknown {
    const run = this.store.runs.get(upstreamRunId);
    return run ? this.payloadOf(run) : null;
  }

  /** The result a trigger hands on: one result's data, several as a list, none as null. */
  payloadOf(run: Run): unknown {
    const results = this.store.outputs.resultsOfRun(run.id);
    if (results.length === 0) return null;
    return results.length === 1 ? results[0]?.data : results.map((r) => ({ key: r.key, ...(r.data as object) }));
  }

  runFinished(run: Run): void {
    const matching = this.registry.triggers.filter((t) => t.source === run.task && MATCHES[t.status]?.(run.status));
    if (matching.length === 0) return;
    const depth = this.depthOf(run);
    const payload = this.payloadOf(run);
    for (const trigger of matching) {
      if (trigger.condition !== null) {
        const condition = parseCondition(trigger.condition);
        if (typeof condition === 'string' || !evaluateCondition(condition, payload)) continue;
      }
      if (depth >= MAX_TRIGGER_DEPTH) {
        this.log.warn({ run: run.id, target: trigger.target }, `trigger chain cut at depth ${MAX_TRIGGER_DEPTH}`);
        continue;
      }
      try {
        this.runs.start(trigger.target, { trigger: 'trigger', triggerPayload: payload, triggeredBy: run.id }, this.detach);
      } catch (error) {
        // Not silently lost: a refused trigger (target paused, invalid meanwhile) is a skipped run saying why.
        this.runs.recordSkipped(trigger.target, run.id, `not started by the trigger from ${run.task} #${run.id}: ${(error as Error).message}`);
        this.log.warn({ run: run.id, target: trigger.target, err: (error as Error).message }, 'triggered run not started');
      }
    }
  }

  /** How many triggered runs led to this one. */
  depthOf(run: Run): number {
    let depth = 0;
    let current: Run | null = run;
    while (current?.triggered_by && depth <= MAX_TRIGGER_DEPTH) {
      depth++;
      current = this.store.runs.get(current.triggered_by);
    }
    return depth;
  }

  /** The chain of runs that led to this one, oldest first (for the run view). */
  chainOf(run: Run): Run[] {
    const chain: Run[] = [];
    let current = run.triggered_by ? this.store.runs.get(run.triggered_by) : null;
    while (current && chain.length <= MAX_TRIGGER_DEPTH) {
      chain.unshift(current);
      current = current.triggered_by ? this.store.runs.get(current.triggered_by) : null;
    }
    return chain;
  }
}
