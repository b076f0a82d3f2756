import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import type { ProjectStatus, TaskStatus } from '../../src-main/common/models';
import { TaskRow } from '../components/task-row';
import { moveBetweenRows } from '../components/row-keys';
import { ProjectHeading } from '../components/project-heading';

/** Past this many tasks the Tasks view draws only the rows in view. */
export const VIRTUAL_FROM = 60;
const ESTIMATE = { heading: 40, task: 60 } as const;

type Item = { kind: 'heading'; project: ProjectStatus; count: number } | { kind: 'task'; task: TaskStatus } | { kind: 'empty'; project: ProjectStatus };

/**
 * The Tasks view at scale (a 500-task home): one scroller of project headings and task rows, each measured
 * as it is drawn, so only what is in view (plus a few) is in the page.
 */
export function VirtualTasks({
  groups,
  folded,
  onToggle,
}: {
  groups: ReadonlyArray<{ project: ProjectStatus; tasks: TaskStatus[] }>;
  folded: ReadonlySet<string>;
  onToggle: (name: string) => void;
}) {
  const items: Item[] = [];
  for (const { project, tasks } of groups) {
    items.push({ kind: 'heading', project, count: tasks.length });
    if (folded.has(project.name)) continue;
    if (tasks.length === 0) items.push({ kind: 'empty', project });
    for (const task of tasks) items.push({ kind: 'task', task });
  }
  const parent = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => parent.current,
    estimateSize: (i) => (items[i]?.kind === 'task' ? ESTIMATE.task : ESTIMATE.heading),
    getItemKey: (i) => {
      const item = items[i];
      return item?.kind === 'task' ? item.task.id : `${item?.kind}:${item?.project.name}@${item?.project.path}`;
    },
    overscan: 6,
    initialRect: { width: 420, height: 600 },
  });
  return (
    <div ref={parent} className="task-scroller" aria-label={`Tasks, ${items.filter((i) => i.kind === 'task').length} shown`} onKeyDown={moveBetweenRows}>
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((v) => {
          const item = items[v.index] as Item;
          return (
            <div
              key={v.key}
              data-index={v.index}
              ref={virtualizer.measureElement}
              className={`virtual-item virtual-${item.kind}`}
              style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${v.start}px)` }}
            >
              {item.kind === 'heading' ? (
                <div className={`project state-${item.project.state}`} data-project={item.project.name}>
                  <ProjectHeading project={item.project} engine={null} folded={folded.has(item.project.name)} onToggle={onToggle} />
                </div>
              ) : item.kind === 'empty' ? (
                <p className="muted">No tasks in this manifest yet.</p>
              ) : (
                <ul className="task-list">
                  <TaskRow task={item.task} />
                </ul>
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}
