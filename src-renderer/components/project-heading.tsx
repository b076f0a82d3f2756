import type { ConfigError, ProjectStatus } from '../../src-main/common/models';

/** A project's name (a button that folds its tasks away), its badges and its manifest errors. */
export function ProjectHeading({
  project,
  engine,
  folded,
  onToggle,
}: {
  project: ProjectStatus;
  engine: string | null;
  folded: boolean;
  onToggle?: (name: string) => void;
}) {
  const name = onToggle ? (
    <button type="button" className="link fold-button" aria-expanded={!folded} onClick={() => onToggle(project.name)}>
      <span aria-hidden="true">{folded ? '▸' : '▾'} </span>
      {project.name}
    </button>
  ) : (
    project.name
  );
  return (
    <>
      <h2>
        {name}
        {folded ? <span className="muted project-count">{project.tasks.length} tasks</span> : null}
        {engine ? <span className="badge engine-badge">{engine}</span> : null}
        {project.state === 'invalid' ? <span className="badge state-failing">Invalid manifest</span> : null}
      </h2>
      {project.errors.length > 0 ? <ManifestErrors errors={project.errors} /> : null}
    </>
  );
}

/** A manifest's errors: one shows as is; more fold behind "7 errors ▸" so one broken project does not push the rest away. */
function ManifestErrors({ errors }: { errors: readonly ConfigError[] }) {
  const list = (
    <ul className="manifest-errors">
      {errors.map((e, i) => (
        <li key={i}>
          <code>{e.file ? `${e.file}${e.path ? `: ${e.path}` : ''}` : e.path || 'agent-os.yml'}</code>
          {e.line ? ` (line ${e.line})` : ''}: {e.message}
        </li>
      ))}
    </ul>
  );
  if (errors.length === 1) return list;
  return (
    <details className="manifest-fold">
      <summary>{errors.length} errors</summary>
      {list}
    </details>
  );
}
