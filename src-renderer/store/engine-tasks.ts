import type { RemoteEngineStatus, StatusReport, TaskStatus } from '../../src-main/common/models';

/** A task with the engine that owns it: null for this engine, else a remote's name (config `remotes`). */
export interface EngineTask {
  task: TaskStatus;
  engine: string | null;
}

/** This engine's tasks, then every remote engine's, each labelled with its engine. */
export function engineTasks(status: StatusReport): EngineTask[] {
  const local = status.projects.flatMap((p) => p.tasks.map((task) => ({ task, engine: null })));
  const remote = (status.remotes ?? []).flatMap((r) => r.projects.flatMap((p) => p.tasks.map((task) => ({ task, engine: r.name }))));
  return [...local, ...remote];
}

/** The remote engines that do not answer now. */
export function unreachableRemotes(status: StatusReport): RemoteEngineStatus[] {
  return (status.remotes ?? []).filter((r) => r.state === 'unreachable');
}
