import { z } from 'zod';
import type { TaskState } from '../../common/models';
import { ARG_SCHEMAS } from '../../core';
import { lookBackDays } from '../../core/duration';
import { UserError } from '../../core/errors';
import { defineTool, findTask, pickProjects, type McpTool } from './mcp-tool';
import { cappedLog, logTail, projectView, runView, taskView } from './mcp-views';

// The core's own argument schemas, so a task id or run status means the same here as in the API.
const taskId = ARG_SCHEMAS['runs.start'].shape.task;
const runStatus = ARG_SCHEMAS['runs.list'].unwrap().shape.status.unwrap();
const MAX_DAYS = ARG_SCHEMAS['costs.summary'].unwrap().shape.since_days.unwrap().maxValue ?? 3660;
const projectName = z.string().min(1).describe('a project name, as in status');

/** The states a person should look at (SPEC §9: the icon's failing > down/late). */
const NEEDS_ATTENTION: ReadonlySet<TaskState> = new Set(['failing', 'down', 'late']);

const status = defineTool({
  name: 'status',
  description: "Every project and task with its state (ok, failing, running, late, down, paused, never), last run and next run; optionally one project's.",
  input: z.object({ project: projectName.optional() }).strict(),
  readOnly: true,
  run: async ({ project }, { backend, home }) => {
    const report = await backend.call('status.get', undefined);
    return {
      // Which home this is, so a client started without AGENT_OS_HOME is not silently looking at an empty default.
      home: backend.paths.home,
      ...(home ? { home_from: home.from } : {}),
      projects: pickProjects(report, project).map(projectView),
      config_errors: report.config_errors,
      paused_all: report.paused_all,
    };
  },
});

const failing = defineTool({
  name: 'failing',
  description:
    'What needs attention now: failing, down and late tasks with their error summary and the last lines of their log (redacted), and invalid manifests.',
  input: z.object({ project: projectName.optional() }).strict(),
  readOnly: true,
  run: async ({ project }, { backend }) => {
    const report = await backend.call('status.get', undefined);
    const projects = pickProjects(report, project);
    const tasks = [];
    for (const task of projects.flatMap((p) => p.tasks).filter((t) => NEEDS_ATTENTION.has(t.state))) {
      const log = task.last_run ? (await backend.call('runs.get', { id: task.last_run.id })).log : '';
      tasks.push({ ...taskView(task), error: task.last_run?.error ?? null, log_tail: logTail(log) });
    }
    const invalid = projects.filter((p) => p.state === 'invalid').map((p) => ({ name: p.name, path: p.path, errors: p.errors }));
    const total = projects.reduce((n, p) => n + p.tasks.length, 0);
    const parts = [...tasks.map((t) => `${t.id} ${t.state}`), ...invalid.map((p) => `project ${p.name} has an invalid manifest`)];
    const summary = parts.length
      ? `${parts.length} thing(s) need attention: ${parts.join(', ')}`
      : `Nothing needs attention: none of the ${total} task(s) is failing, down or late.`;
    return { summary, tasks, invalid_projects: invalid, config_errors: report.config_errors };
  },
});

const runs = defineTool({
  name: 'runs',
  description: 'Runs, newest first, filtered like `agent-os runs` by project, task and status.',
  input: z
    .object({
      project: projectName.optional(),
      task: z.string().min(1).optional().describe('a task id "project/task" (or the task name alone with project)'),
      status: runStatus.optional(),
      limit: z.number().int().min(1).max(200).default(20).describe('at most this many runs (1-200, default 20)'),
    })
    .strict(),
  readOnly: true,
  run: async (args, { backend }) => {
    const task = args.task && !args.task.includes('/') && args.project ? `${args.project}/${args.task}` : args.task;
    // Checked against status, not projects.list: runs of crontab and launchd jobs no manifest claims are `unassigned`'s.
    if (args.project !== undefined) pickProjects(await backend.call('status.get', undefined), args.project);
    if (task !== undefined) await findTask(backend, task);
    const list = await backend.call('runs.list', { project: args.project, task, status: args.status, limit: args.limit });
    return list.map(runView);
  },
});

const runLog = defineTool({
  name: 'run_log',
  description: "One run's log (redacted when written; a long log keeps its last max_chars characters).",
  input: z
    .object({
      run_id: z.number().int().positive().describe('the run id, from runs or status'),
      max_chars: z.number().int().min(1000).max(200_000).default(20_000).describe('at most this many characters of the log (default 20000)'),
    })
    .strict(),
  readOnly: true,
  run: async ({ run_id, max_chars }, { backend }) => {
    const { run, log } = await backend.call('runs.get', { id: run_id });
    return { run: runView(run), ...cappedLog(log, max_chars) };
  },
});

const costs = defineTool({
  name: 'costs',
  description: 'Spend in USD over the last days, by project, provider, model or day, with what no project could be matched to (unattributed).',
  input: z
    .object({
      since: z.string().default('30d').describe('how far back, e.g. 7d, 30d or 90d (default 30d)'),
      by: z.enum(['project', 'provider', 'model', 'day']).default('project'),
    })
    .strict(),
  readOnly: true,
  run: async ({ since, by }, { backend }) => {
    const days = lookBackDays(since);
    if (days === null || days > MAX_DAYS) throw new UserError(`since must be a number of days from 1d to ${MAX_DAYS}d such as 7d, 30d or 90d, not "${since}"`);
    // The CLI's `costs --json` document (SPEC §10), with each row split into provider data and project reports.
    return backend.call('costs.summary', { by, since_days: days });
  },
});

const results = defineTool({
  name: 'results',
  description: 'The results a task reported through AGENT_OS_OUTPUT, newest first (a keyed result replaces the older one with its key).',
  input: z
    .object({
      task: taskId.describe('the task id "project/task"'),
      limit: z.number().int().min(1).max(100).default(20).describe('at most this many results (1-100, default 20)'),
    })
    .strict(),
  readOnly: true,
  run: async ({ task, limit }, { backend }) => {
    await findTask(backend, task);
    return backend.call('results.list', { task, limit });
  },
});

/** The tools that only read. */
export const READ_TOOLS: readonly McpTool[] = [status, failing, runs, runLog, costs, results];
