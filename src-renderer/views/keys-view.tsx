import { useCallback, useEffect, useState } from 'react';
import type { HandlerResult } from '../../src-main/common/api';
import { useClient, useEventListener } from '../app-context';

type KeyAudit = HandlerResult<'keys.audit'>;
type KeyFinding = KeyAudit['findings'][number];
type ProjectInventory = KeyAudit['inventory'][number];

// Kinds that leak or mix up credentials now; the rest are hygiene to tidy up.
const SERIOUS = new Set<KeyFinding['kind']>(['env_tracked', 'shared_secret', 'foreign_env']);

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Key hygiene (SPEC §8): the audit's findings with their fixes, and which services each project uses. */
export function KeysView() {
  const client = useClient();
  const listen = useEventListener();
  const [audit, setAudit] = useState<KeyAudit | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // Shown for copying by hand when the browser gives no clipboard (an insecure origin, a locked-down page).
  const [markdown, setMarkdown] = useState<string | null>(null);
  const load = useCallback(() => {
    client
      .call('keys.audit', {})
      .then((a) => {
        setAudit(a);
        setError(null);
      })
      .catch((e: unknown) => setError(message(e)));
  }, [client]);
  useEffect(() => {
    load();
    return listen((event) => {
      if (event.name === 'project.changed') load();
    });
  }, [load, listen]);

  const writeExample = (project: string): void =>
    void client
      .call('keys.writeEnvExample', { project })
      .then((r) => {
        setNotice(r.written ? `Wrote ${r.path} (variable names only).` : `${r.path} already exists; it was left as it is.`);
        load();
      })
      .catch((e: unknown) => setError(message(e)));

  const copyMarkdown = async (): Promise<void> => {
    let text: string;
    try {
      text = await client.call('keys.inventoryMarkdown', {});
    } catch (e) {
      setError(message(e));
      return;
    }
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(text);
      setMarkdown(null);
      setNotice('Copied the inventory as Markdown (variable names only).');
    } catch {
      setMarkdown(text);
      setNotice('The clipboard is not available here: copy the Markdown below by hand.');
    }
  };

  if (error && !audit)
    return (
      <p className="banner error" role="alert">
        {error}
      </p>
    );
  if (!audit) return <p className="empty">Checking env files…</p>;
  return (
    <div className="keys-view">
      <div className="keys-toolbar">
        <button type="button" onClick={load}>
          Check again
        </button>
        <button type="button" onClick={() => void copyMarkdown()}>
          Copy as Markdown
        </button>
      </div>
      {error ? (
        <p className="banner error" role="alert">
          {error}
        </p>
      ) : null}
      {notice ? (
        <p className="banner" role="status">
          {notice}
        </p>
      ) : null}
      {markdown !== null ? <textarea className="keys-markdown" aria-label="Inventory as Markdown" readOnly value={markdown} rows={10} /> : null}
      <section aria-label="Findings">
        <h2>Findings</h2>
        {audit.findings.length === 0 ? (
          <p className="all-good">No key-hygiene problems in {audit.inventory.length} project(s).</p>
        ) : (
          <ul className="finding-list">
            {audit.findings.map((f, i) => (
              <FindingRow key={`${f.kind}-${i}`} finding={f} onWrite={writeExample} />
            ))}
          </ul>
        )}
      </section>
      <section aria-label="Services by project">
        <h2>Services by project</h2>
        <p className="muted">Variable names only: values never leave the project&apos;s env file.</p>
        {audit.inventory.length === 0 ? <p className="muted">No projects yet.</p> : audit.inventory.map((p) => <InventoryCard key={p.project} item={p} />)}
      </section>
    </div>
  );
}

function FindingRow({ finding, onWrite }: { finding: KeyFinding; onWrite: (project: string) => void }) {
  return (
    <li className={`finding ${SERIOUS.has(finding.kind) ? 'serious' : ''}`}>
      <div className="task-main">
        <span className={`badge ${SERIOUS.has(finding.kind) ? 'state-failing' : 'state-late'}`}>{finding.title}</span>
        {finding.projects.length ? <span className="task-project">{finding.projects.join(', ')}</span> : null}
      </div>
      <p className="finding-detail">{finding.detail}</p>
      <p className="finding-fix">
        <strong>Fix:</strong> {finding.fix}
      </p>
      {finding.kind === 'missing_env_example'
        ? finding.projects.map((p) => (
            <button key={p} type="button" aria-label={`Write .env.example for ${p}`} onClick={() => onWrite(p)}>
              Write .env.example
            </button>
          ))
        : null}
    </li>
  );
}

function InventoryCard({ item }: { item: ProjectInventory }) {
  return (
    <article className="inventory" aria-label={`${item.project} services`}>
      <h3>{item.project}</h3>
      {item.env_files.length === 0 ? (
        <p className="muted">No env file.</p>
      ) : (
        <>
          <p className="muted">
            {item.env_files.map((f) => (
              <code key={f}>{f}</code>
            ))}
            {item.has_example ? ' · has .env.example' : ' · no .env.example'}
          </p>
          <table>
            <tbody>
              {item.services.map((s) => (
                <tr key={s.service}>
                  <th scope="row">{s.service}</th>
                  <td>
                    {s.variables.map((v) => (
                      <code key={v}>{v}</code>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </article>
  );
}
