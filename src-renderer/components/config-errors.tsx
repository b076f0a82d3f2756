import type { StatusReport } from '../../src-main/common/models';

/**
 * Engine-wide notices (a full disk) and what is wrong in config.yml, with its line, at the top of every view: a broken config.yml keeps the last
 * good configuration (or runs nothing at first start), and the user must see why edits have no effect.
 */
export function ConfigErrors({ status, listedBelow = false }: { status: StatusReport | null; listedBelow?: boolean }) {
  // The overview lists config.yml's problems in Needs attention: not twice on one screen.
  const errors = listedBelow ? [] : (status?.config_errors ?? []);
  return (
    <>
      {(status?.notices ?? []).map((n) => (
        <p key={n} className="banner error" role="alert">
          {n}
        </p>
      ))}
      {errors.length > 0 ? <ConfigErrorList errors={errors} /> : null}
      {(status?.source_notes ?? []).length > 0 ? (
        <div className="banner warn" role="note" aria-label="Notes from launchd and cron">
          <ul>
            {(status?.source_notes ?? []).map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </>
  );
}

function ConfigErrorList({ errors }: { errors: StatusReport['config_errors'] }) {
  return (
    <div className="banner warn" role="alert" aria-label="Problems in config.yml">
      <strong>config.yml</strong>
      <ul>
        {errors.map((e, i) => (
          <li key={i}>
            {e.line ? `line ${e.line}: ` : ''}
            {e.path ? `${e.path}: ` : ''}
            {e.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
