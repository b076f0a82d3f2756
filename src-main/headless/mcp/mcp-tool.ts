import type { z } from 'zod';
import type { ProjectStatus, StatusReport, TaskStatus } from '../../common/models';
import { UserError } from '../../core/errors';
import type { Backend } from '../cli/cli-context';

/** The Agent OS home an MCP server serves, and where that choice came from. */
export interface ServedHome {
  path: string;
  from: 'AGENT_OS_HOME' | 'default';
}

/** What a tool call gets: the home's engine (the running server's, or one in this process) and a stop signal. */
export interface ToolContext {
  backend: Backend;
  /** The home served and why that one (AGENT_OS_HOME or the default), when known. */
  home?: ServedHome;
  /** Aborted when the MCP server shuts down, so a tool waiting for a run returns at once. */
  signal: AbortSignal;
}

/** One MCP tool: its name, one-line description, argument schema (its JSON schema is derived) and body. */
export interface McpTool {
  name: string;
  description: string;
  input: z.ZodObject;
  /** Reads only (MCP `readOnlyHint`): every tool but run_task. */
  readOnly: boolean;
  /** Called with arguments `input` has validated; resolves with the reply (JSON), throws UserError for bad input. */
  run(args: unknown, ctx: ToolContext): Promise<unknown>;
}

/** Declares a tool with its body typed from its schema. */
export function defineTool<S extends z.ZodObject>(tool: {
  name: string;
  description: string;
  input: S;
  readOnly: boolean;
  run(args: z.output<S>, ctx: ToolContext): Promise<unknown>;
}): McpTool {
  return { ...tool, run: (args, ctx) => tool.run(args as z.output<S>, ctx) };
}

/** The projects of a status report, or the one asked for (an unknown name is a UserError naming the known ones). */
export function pickProjects(report: StatusReport, project: string | undefined): ProjectStatus[] {
  if (project === undefined) return report.projects;
  const found = report.projects.filter((p) => p.name === project);
  if (found.length === 0)
    throw unknownProject(
      project,
      report.projects.map((p) => p.name),
    );
  return found;
}

/** The error for a project name that is not one. */
export function unknownProject(name: string, known: readonly string[]): UserError {
  return new UserError(`no project "${name}"; the projects are ${known.length ? known.join(', ') : '(none yet)'}`, 'not_found');
}

/** The task with this id, or a UserError that says how to find the right id. */
export async function findTask(backend: Backend, id: string): Promise<TaskStatus> {
  const tasks = await backend.call('tasks.list', {});
  const task = tasks.find((t) => t.id === id);
  if (!task) throw new UserError(`no task "${id}"; call the status tool to see every task id ("project/task")`, 'not_found');
  return task;
}
