const COLORS = ['#2563eb', '#16a34a', '#d97706', '#9333ea', '#dc2626', '#0891b2', '#65a30d', '#db2777'];
const WIDTH = 396;
const HEIGHT = 120;

/** A stacked bar per day (last 30 days), one color per key; plain SVG, no chart library. */
export function DailyChart({ points }: { points: ReadonlyArray<{ day: string; key: string; usd: number }> }) {
  const days = [...new Set(points.map((p) => p.day))].sort();
  const keys = [...new Set(points.map((p) => p.key))];
  if (days.length === 0) return <p className="muted">No spend in the last 30 days.</p>;
  const totals = days.map((d) => points.filter((p) => p.day === d).reduce((a, p) => a + p.usd, 0));
  const max = Math.max(...totals, 0.01);
  const slot = WIDTH / Math.max(days.length, 1);
  return (
    <figure className="daily-chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`Daily spend, highest ${max.toFixed(2)} USD`}>
        {days.map((day, i) => {
          let y = HEIGHT;
          return keys.map((key, k) => {
            const usd = points.find((p) => p.day === day && p.key === key)?.usd ?? 0;
            const h = (usd / max) * (HEIGHT - 4);
            y -= h;
            return h > 0 ? (
              <rect key={`${day}-${key}`} x={i * slot + 1} y={y} width={Math.max(slot - 2, 1)} height={h} fill={COLORS[k % COLORS.length]}>
                <title>{`${day} ${key}: $${usd.toFixed(2)}`}</title>
              </rect>
            ) : null;
          });
        })}
      </svg>
      <figcaption>
        {keys.map((key, k) => (
          <span key={key} className="legend">
            <span className="swatch" style={{ background: COLORS[k % COLORS.length] }} />
            {key}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
