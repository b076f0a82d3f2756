import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Every process's parent, from /proc (Linux) or `ps` (macOS); empty when neither can be read. */
function parents(): Map<number, number> {
  const out = new Map<number, number>();
  let entries: string[] | null = null;
  try {
    entries = readdirSync('/proc');
  } catch {
    entries = null;
  }
  if (entries) {
    for (const name of entries) {
      if (!/^\d+$/.test(name)) continue;
      try {
        // "pid (comm) S ppid …": comm may hold spaces and parentheses, so read after the last ')'.
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        if (Number.isInteger(ppid)) out.set(Number(name), ppid);
      } catch {
        // ended meanwhile
      }
    }
    return out;
  }
  try {
    const text = execFileSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8', timeout: 2000 });
    for (const line of text.split('\n')) {
      const [pid, ppid] = line.trim().split(/\s+/).map(Number);
      if (pid && ppid !== undefined && Number.isInteger(ppid)) out.set(pid, ppid);
    }
  } catch {
    // no ps: the process group is all we can reach
  }
  return out;
}

/**
 * The descendants of `root` by parent chain, whatever process group or session they moved to: a child
 * started with `setsid` (or `setpgid`) leaves the task's group, so a group kill misses it (issue 22).
 * What still escapes: a descendant whose parent had already exited (re-parented to init) before this look.
 */
export function descendantsOf(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const [pid, ppid] of parents()) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  const out: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift() as number;
    for (const child of children.get(pid) ?? []) {
      if (out.includes(child)) continue;
      out.push(child);
      queue.push(child);
    }
  }
  return out;
}
