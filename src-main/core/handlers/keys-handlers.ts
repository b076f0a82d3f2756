import type { z } from 'zod';
import { UserError } from '../errors';
import { writeEnvExample } from '../keys/env-example';
import { inventoryMarkdown } from '../keys/inventory-markdown';
import { keyInventory, runKeyAudit } from '../keys/key-audit';
import type { KeyAudit } from '../keys/keys-types';
import { BUILTIN_PROJECT, type ProjectRegistry } from '../projects/project-registry';
import type { ARG_SCHEMAS } from './arg-schemas';

type Arg<K extends keyof typeof ARG_SCHEMAS> = z.input<(typeof ARG_SCHEMAS)[K]>;

/** What the key-hygiene handlers need. */
export interface KeysHandlerDeps {
  registry: ProjectRegistry;
  /** The Agent OS home: the audit's salt lives there. */
  home: string;
  /** Agent OS's own process environment, checked for provider keys. */
  hostEnv: NodeJS.ProcessEnv;
  now: () => Date;
}

/** Key hygiene (SPEC §8): the audit, the inventory as Markdown, and writing a names-only .env.example. */
export function createKeysHandlers(deps: KeysHandlerDeps) {
  const { registry } = deps;
  // The built-in project is Agent OS itself (its folder is the home): its keys are checked as own_env_secret.
  const projects = () => registry.all().filter((p) => p.name !== BUILTIN_PROJECT);
  return {
    'keys.audit': (_arg?: Arg<'keys.audit'>): Promise<KeyAudit> =>
      runKeyAudit({ projects: projects(), home: deps.home, hostEnv: deps.hostEnv, now: deps.now() }),
    'keys.inventoryMarkdown': (_arg?: Arg<'keys.inventoryMarkdown'>): string => inventoryMarkdown(keyInventory(projects()), deps.now()),
    'keys.writeEnvExample': (arg: Arg<'keys.writeEnvExample'>): { path: string; written: boolean } => {
      const project = projects().find((p) => p.name === arg.project);
      if (!project) throw new UserError(`no project "${arg.project}"; see \`agent-os projects\` for the known ones`, 'not_found');
      return writeEnvExample(project);
    },
  };
}
