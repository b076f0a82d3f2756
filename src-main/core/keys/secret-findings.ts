import type { ProjectEnv } from './env-sources';
import { finding, humanList } from './finding';
import type { KeyFinding } from './keys-types';
import { fingerprint } from './salt';

/**
 * shared_secret: the same secret value in two or more projects, compared by keyed fingerprint. One finding
 * per shared value, naming every project and the variable name each one uses for it.
 */
export function sharedSecretFindings(envs: readonly ProjectEnv[], salt: Buffer): KeyFinding[] {
  const holders = new Map<string, Map<string, Set<string>>>();
  for (const { project, files } of envs) {
    for (const file of files) {
      for (const [name, value] of file.secrets) {
        const print = fingerprint(salt, value);
        const byProject = holders.get(print) ?? new Map<string, Set<string>>();
        byProject.set(project.name, (byProject.get(project.name) ?? new Set()).add(name));
        holders.set(print, byProject);
      }
    }
  }
  const findings: KeyFinding[] = [];
  for (const byProject of holders.values()) {
    if (byProject.size < 2) continue;
    const projects = [...byProject.keys()].sort();
    const variables = [...new Set([...byProject.values()].flatMap((names) => [...names]))].sort();
    const who = projects.map((p) => `${p} (${[...(byProject.get(p) ?? [])].sort().join(', ')})`);
    findings.push(
      finding('shared_secret', {
        projects,
        variables,
        detail: `${humanList(who)} hold the same secret value, so its use and cost cannot be told apart per project.`,
        fix: `Give each project its own key (providers let you create one per project), put it in that project's env file, and revoke the shared one.`,
      }),
    );
  }
  return findings;
}

// Provider keys by name; any value shaped like an OpenAI / Anthropic key counts whatever its name.
const PROVIDER_KEY_NAMES = new Set(['OPENAI_API_KEY', 'ANTHROPIC_API_KEY']);
const PROVIDER_KEY_SHAPE = /^sk-(?:proj-|ant-|svcacct-|admin-)?[A-Za-z0-9_-]{16,}$/;

/**
 * own_env_secret: Agent OS's own process environment holds a provider key. AGENT_OS_* variables are Agent
 * OS's own settings, including its legitimate read-only admin keys (AGENT_OS_OPENAI_ADMIN_KEY,
 * AGENT_OS_ANTHROPIC_ADMIN_KEY), so they are never flagged.
 */
export function ownEnvFindings(hostEnv: NodeJS.ProcessEnv): KeyFinding[] {
  const findings: KeyFinding[] = [];
  for (const [name, raw] of Object.entries(hostEnv)) {
    const value = raw?.trim() ?? '';
    if (name.startsWith('AGENT_OS_') || value === '') continue;
    if (!PROVIDER_KEY_NAMES.has(name) && !PROVIDER_KEY_SHAPE.test(value)) continue;
    findings.push(
      finding('own_env_secret', {
        projects: [],
        variables: [name],
        detail: `Agent OS's own environment holds ${name}, a provider key that belongs to no project, so its spend cannot be attributed.`,
        fix: `Remove ${name} from the shell profile or service that starts Agent OS and put it in the env file of the project that uses it; for cost reports Agent OS reads AGENT_OS_OPENAI_ADMIN_KEY / AGENT_OS_ANTHROPIC_ADMIN_KEY.`,
      }),
    );
  }
  return findings;
}
