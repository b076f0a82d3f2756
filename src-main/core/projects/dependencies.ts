import type { ConfigError } from '../../common/models';
import { findCycles } from '../graph-cycles';
import { fullTaskId } from '../workflows/trigger-graph';
import type { LoadedProject } from './load-manifest';

/**
 * Resolves every task's `depends_on` across projects and checks them as a whole, as triggers are: each
 * upstream exists (where its manifest can be read) and is not the task itself, and no chain of dependencies loops (a loop would let two
 * failing tasks fold into each other and nobody hear of either). Problems become errors on the manifest
 * that declares them. Returns each task's direct upstreams, by full task id.
 */
export function resolveDependencies(projects: readonly LoadedProject[]): { upstreams: Map<string, string[]>; errors: Map<string, ConfigError[]> } {
  const byName = new Map(projects.map((p) => [p.name, p]));
  const errors = new Map<string, ConfigError[]>();
  const fail = (p: LoadedProject, path: string, message: string): void => {
    errors.set(p.name, [...(errors.get(p.name) ?? []), { file: p.manifestPath, path, message }]);
  };
  const upstreams = new Map<string, string[]>();
  const declared = new Map<string, { project: LoadedProject; task: string }>();
  for (const p of projects) {
    for (const [task, def] of Object.entries(p.manifest?.tasks ?? {})) {
      const id = `${p.name}/${task}`;
      def.depends_on.forEach((ref, index) => {
        const up = fullTaskId(ref, p.name);
        const path = `tasks.${task}.depends_on.${index}`;
        const [upProject = '', upTask = ''] = up.split('/');
        if (up === id) return fail(p, path, `expected another task, found "${ref}", the task itself; remove it`);
        // An upstream in a manifest that is invalid just now cannot be checked: it is kept, not held against
        // this project (which would stop its tasks over another project's typo).
        const upstream = byName.get(upProject);
        if (!upstream || (upstream.manifest && !upstream.manifest.tasks[upTask]))
          return fail(p, path, `expected an existing task, found "${up}"; check the project and task names`);
        upstreams.set(id, [...(upstreams.get(id) ?? []), up]);
        declared.set(`${id}>${up}`, { project: p, task });
      });
    }
  }
  for (const cycle of findCycles(upstreams)) {
    const text = [...cycle, cycle[0]].join(' → ');
    cycle.forEach((id, i) => {
      const up = cycle[(i + 1) % cycle.length] ?? '';
      const where = declared.get(`${id}>${up}`);
      if (where) fail(where.project, `tasks.${where.task}.depends_on`, `the dependencies form a cycle: ${text}; remove one of them`);
    });
  }
  const bad = new Set(errors.keys());
  return { upstreams: new Map([...upstreams].filter(([id]) => !bad.has(id.split('/')[0] ?? ''))), errors };
}
