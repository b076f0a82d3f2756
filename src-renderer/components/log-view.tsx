import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import './log-view.css';

/** Each case-insensitive match of `query` in `text`, as [start, end) offsets. */
function matchesOf(text: string, query: string): Array<[number, number]> {
  const needle = query.toLowerCase();
  if (!needle) return [];
  const hay = text.toLowerCase();
  const out: Array<[number, number]> = [];
  for (let at = hay.indexOf(needle); at >= 0 && out.length < 10_000; at = hay.indexOf(needle, at + needle.length)) out.push([at, at + needle.length]);
  return out;
}

/**
 * A run's output with its tools: find (matches marked, Enter goes to the next), copy, and download as a file.
 * Follows the end of the output while it grows, unless the user is searching in it.
 */
export function LogView({ text, fileName, placeholder }: { text: string; fileName: string; placeholder: string }) {
  const [query, setQuery] = useState('');
  const [current, setCurrent] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const pre = useRef<HTMLPreElement>(null);
  const found = useMemo(() => matchesOf(text, query), [text, query]);

  useEffect(() => {
    const el = pre.current;
    if (!el) return;
    if (!query) el.scrollTop = el.scrollHeight;
    else el.querySelector('mark.current')?.scrollIntoView?.({ block: 'nearest' });
  }, [text, query, current]);

  const copy = (): void => {
    if (!navigator.clipboard) {
      setNotice('The clipboard is not available here: select the output and copy it by hand.');
      return;
    }
    void navigator.clipboard.writeText(text).then(
      () => setNotice('Copied.'),
      () => setNotice('The clipboard refused: select the output and copy it by hand.'),
    );
  };
  const download = (): void => {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  };

  let body: ReactNode = text || placeholder;
  if (found.length > 0) {
    const parts: ReactNode[] = [];
    let from = 0;
    found.forEach(([start, end], i) => {
      parts.push(text.slice(from, start));
      parts.push(
        <mark key={start} className={i === current % found.length ? 'current' : undefined}>
          {text.slice(start, end)}
        </mark>,
      );
      from = end;
    });
    parts.push(text.slice(from));
    body = parts;
  }

  return (
    <div className="log-view">
      <div className="log-tools">
        <input
          type="search"
          aria-label="Find in output"
          placeholder="Find…"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setCurrent(0);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && found.length > 0) setCurrent((c) => (c + (e.shiftKey ? found.length - 1 : 1)) % found.length);
          }}
        />
        {query ? (
          <span className="muted" role="status" aria-label="Matches">
            {found.length === 0 ? 'no match' : `${(current % found.length) + 1} of ${found.length}`}
          </span>
        ) : null}
        <button type="button" onClick={copy} disabled={!text} aria-label="Copy output">
          Copy
        </button>
        <button type="button" onClick={download} disabled={!text} aria-label="Download output">
          Download
        </button>
      </div>
      {notice ? <p className="muted log-notice">{notice}</p> : null}
      <pre ref={pre} className="log" aria-label="Log" tabIndex={0}>
        {body}
      </pre>
    </div>
  );
}
