import type { ProjectRegistry } from '../projects/project-registry';
import { createRedactor, secretValues } from '../runner/redactor';
import { readProjectEnvs } from './env-sources';

/**
 * Redacts what a project sends as a message (HTTP and CLI): it gets what a run's output gets, the project's
 * secrets (its env files, its tasks' env) and the known key shapes, plus the engine's own secrets.
 */
export function projectRedactor(registry: ProjectRegistry, engineSecrets: () => string[]): (project: string, text: string) => string {
  return (project, text) => {
    const loaded = registry.get(project);
    const secrets = loaded
      ? [
          ...readProjectEnvs([loaded]).flatMap((p) => p.files.flatMap((f) => [...f.secrets.values()])),
          ...Object.values(loaded.manifest?.tasks ?? {}).flatMap((t) => secretValues(t.env)),
        ]
      : [];
    return createRedactor([...secrets, ...engineSecrets()]).redact(text);
  };
}
