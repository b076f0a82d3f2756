import { useEffect, useRef, useState } from 'react';
import type { Run } from '../../src-main/common/models';
import { useAppState, useClient, useEventListener } from '../app-context';
import { LogView } from '../components/log-view';
import { RunButton } from '../components/run-button';
import { RunStatusLabel } from '../components/state-badge';
import { clock, duration } from '../components/time-format';

/**
 * One run: what happened, and its log, tailing live while it runs. The log grows through `run.output`
 * events, each answered by one incremental `runs.tail` call: no polling loop.
 */
export function RunDetail({ id, engine = null }: { id: number; engine?: string | null }) {
  const client = useClient();
  const listen = useEventListener();
  const openRun = useAppState((s) => s.openRun);
  const openTask = useAppState((s) => s.openTask);
  const listed = useAppState((s) => (engine === null ? s.runs.find((r) => r.id === id) : undefined));
  const [run, setRun] = useState<Run | null>(listed ?? null);
  const [log, setLog] = useState('');
  const [liveTail, setLiveTail] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [chain, setChain] = useState<Run[]>([]);
  const offset = useRef(0);
  const fetching = useRef<Promise<void> | null>(null);

  useEffect(() => {
    let alive = true;
    offset.current = 0;
    setLog('');
    const pull = async (): Promise<void> => {
      const chunk = await client.callOn(engine, 'runs.tail', { id, offset: offset.current });
      if (!alive) return;
      offset.current = chunk.offset;
      if (chunk.text) setLog((l) => l + chunk.text);
      setLiveTail(chunk.live_tail);
    };
    // One pull at a time; a burst of events collapses into the next pull.
    const tail = (): void => {
      fetching.current ??= pull()
        .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
        .finally(() => (fetching.current = null));
    };
    const load = (): Promise<void> =>
      client.callOn(engine, 'runs.get', { id, log: false }).then((r) => {
        if (!alive) return;
        setRun(r.run);
        setChain(r.chain);
      });
    void load().catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
    tail();
    // A remote engine's run sends no events here: its log and state are looked at each second while it runs.
    const poll =
      engine === null
        ? undefined
        : setInterval(() => {
            tail();
            void load().catch(() => undefined);
          }, 1000);
    const off = listen((event) => {
      if (engine !== null) return;
      if (event.name === 'run.output' && event.payload.run_id === id) tail();
      if ((event.name === 'run.finished' || event.name === 'run.started') && event.payload.run.id === id) {
        setRun(event.payload.run);
        tail();
      }
    });
    return () => {
      alive = false;
      clearInterval(poll);
      off();
    };
  }, [client, listen, id, engine]);

  const current = run ?? listed ?? null;
  return (
    <section className="run-detail" aria-label={`Run ${id}`}>
      <header>
        <button type="button" className="link" onClick={() => openRun(null)} aria-label="Back">
          ← Back
        </button>
        <h2>
          Run #{id} {current ? <RunStatusLabel status={current.status} /> : null}
        </h2>
        {current ? <RunButton task={current.task} running={current.status === 'running'} prominent={current.status !== 'success'} engine={engine} /> : null}
      </header>
      {error ? <p className="banner error">{error}</p> : null}
      {current ? (
        <dl className="run-facts">
          <dt>Task</dt>
          <dd>
            {engine ? (
              `${current.task} on ${engine}`
            ) : (
              <button type="button" className="link" onClick={() => openTask(current.task)} aria-label={`Open task ${current.task}`}>
                {current.task}
              </button>
            )}
          </dd>
          {chain.length > 0 ? (
            <>
              <dt>Chain</dt>
              <dd>
                {chain.map((up) => (
                  <button key={up.id} type="button" className="link" onClick={() => openRun(up.id)}>
                    {up.task} #{up.id} →{' '}
                  </button>
                ))}
                this run
              </dd>
            </>
          ) : null}
          <dt>Trigger</dt>
          <dd>
            {current.trigger}
            {current.attempt ? ` (retry ${current.attempt})` : ''}
          </dd>
          <dt>Started</dt>
          <dd>{clock(current.started_at ?? current.queued_at)}</dd>
          <dt>Took</dt>
          <dd>{duration(current.duration_ms) || (current.status === 'running' ? 'running…' : '—')}</dd>
          {current.exit_code !== null ? (
            <>
              <dt>Exit</dt>
              <dd>{current.exit_code}</dd>
            </>
          ) : null}
          {current.error ? (
            <>
              <dt>Error</dt>
              <dd className="run-error">{current.error}</dd>
            </>
          ) : null}
        </dl>
      ) : null}
      <LogView
        text={log + (liveTail ? `\n… (log over its size cap; latest output:)\n${liveTail}` : '')}
        fileName={`${(current?.task ?? 'run').replace('/', '-')}-run-${id}.log`}
        placeholder={current?.status === 'running' ? 'Waiting for output…' : 'No output.'}
      />
    </section>
  );
}
