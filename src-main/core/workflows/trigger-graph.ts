import type { ConfigError } from '../../common/models';
import type { LoadedProject } from '../projects/load-manifest';
import { findCycles } from '../graph-cycles';
import { parseCondition } from './condition';

/** A trigger with its ends resolved to full task ids. */
export interface ResolvedTrigger {
  project: string;
  index: number;
  source: string;
  status: 'success' | 'failed' | 'timeout' | 'any';
  condition: string | null;
  target: string;
}

/** A task reference as written ("task" or "project/task") as a full task id. */
export const fullTaskId = (ref: string, project: string): string => (ref.includes('/') ? ref : `${project}/${ref}`);

/**
 * Resolves every manifest's triggers across projects and checks them as a whole: the target exists and
 * allows the source project (`triggerable_by`; a project may always trigger its own tasks), the condition
 * parses, and no chain of triggers loops. Problems become errors on the manifest that declares them.
 */
export function resolveTriggers(projects: readonly LoadedProject[]): { triggers: ResolvedTrigger[]; errors: Map<string, ConfigError[]> } {
  const byName = new Map(projects.filter((p) => p.manifest).map((p) => [p.name, p]));
  const errors = new Map<string, ConfigError[]>();
  const fail = (p: LoadedProject, index: number, field: string, message: string): void => {
    errors.set(p.name, [...(errors.get(p.name) ?? []), { file: p.manifestPath, path: `triggers.${index}.${field}`, message }]);
  };
  const triggers: ResolvedTrigger[] = [];
  for (const p of byName.values()) {
    p.manifest?.triggers.forEach((t, index) => {
      const source = fullTaskId(t.on.task, p.name);
      const target = fullTaskId(t.run, p.name);
      const [sourceProject = '', sourceTask = ''] = source.split('/');
      const [targetProject = '', targetTask = ''] = target.split('/');
      if (!byName.get(sourceProject)?.manifest?.tasks[sourceTask])
        return fail(p, index, 'on.task', `expected an existing task, found "${source}"; check the project and task names`);
      const targetDef = byName.get(targetProject)?.manifest?.tasks[targetTask];
      if (!targetDef) return fail(p, index, 'run', `expected an existing task, found "${target}"; check the project and task names`);
      if (targetDef.command === undefined) return fail(p, index, 'run', `expected a command task, found "${target}" which Agent OS does not run`);
      if (targetProject !== sourceProject && !targetDef.triggerable_by.includes(sourceProject)) {
        return fail(
          p,
          index,
          'run',
          `${target} does not allow ${sourceProject} to trigger it; add \`triggerable_by: [${sourceProject}]\` to it in ${targetProject}'s agent-os.yml`,
        );
      }
      const condition = t.when?.output ?? null;
      if (condition !== null) {
        const parsed = parseCondition(condition);
        if (typeof parsed === 'string') return fail(p, index, 'when.output', parsed);
      }
      triggers.push({ project: p.name, index, source, status: t.on.status, condition, target });
    });
  }
  for (const cycle of triggerCycles(triggers)) {
    for (const t of triggers.filter((x) => cycle.includes(x.source) && cycle.includes(x.target))) {
      const p = byName.get(t.project);
      if (p) fail(p, t.index, 'run', `the triggers form a cycle: ${[...cycle, cycle[0]].join(' → ')}; break it in one of the manifests`);
    }
  }
  const bad = new Set(errors.keys());
  return { triggers: triggers.filter((t) => !bad.has(t.project)), errors };
}

/** Every cycle in the trigger graph, each as the list of task ids along it. */
function triggerCycles(triggers: readonly ResolvedTrigger[]): string[][] {
  const edges = new Map<string, string[]>();
  for (const t of triggers) edges.set(t.source, [...(edges.get(t.source) ?? []), t.target]);
  return findCycles(edges);
}
