import { taskPath } from './task-path';

/** The only variables a task inherits from the environment Agent OS itself runs in (SPEC §4). */
export const BASE_ENV_NAMES = ['PATH', 'HOME', 'USER', 'LANG', 'TMPDIR', 'SHELL'] as const;

const FALLBACKS: Record<(typeof BASE_ENV_NAMES)[number], string> = {
  PATH: '/usr/local/bin:/opt/homebrew/bin:/usr/bin:/bin:/usr/sbin:/sbin',
  HOME: '/',
  USER: '',
  LANG: 'en_US.UTF-8',
  TMPDIR: '/tmp',
  SHELL: '/bin/sh',
};

/** What a task's environment is made of, in order of precedence (later wins). */
export interface TaskEnvParts {
  /** Agent OS's own environment: only BASE_ENV_NAMES are read from it. */
  host: NodeJS.ProcessEnv;
  /** The user's login-shell PATH (null when unknown): its folders the host's PATH lacks come after it. */
  loginPath?: string | null;
  /** The project's env file(s). */
  project: Record<string, string>;
  /** The manifest task's `env`. */
  task: Record<string, string>;
  runId: number;
  outputPath: string;
  triggerPath: string | null;
}

/** Minimal base (PATH completed as taskPath says) + project env + task env + the AGENT_OS_* protocol variables. Nothing else. */
export function buildTaskEnv(parts: TaskEnvParts): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of BASE_ENV_NAMES) {
    const value = parts.host[name] ?? FALLBACKS[name];
    if (value) env[name] = value;
  }
  env.PATH = taskPath(env.PATH ?? FALLBACKS.PATH, parts.loginPath ?? null);
  Object.assign(env, parts.project, parts.task);
  env.AGENT_OS_RUN_ID = String(parts.runId);
  env.AGENT_OS_OUTPUT = parts.outputPath;
  if (parts.triggerPath) env.AGENT_OS_TRIGGER = parts.triggerPath;
  else delete env.AGENT_OS_TRIGGER;
  return env;
}
