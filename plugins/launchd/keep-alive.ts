// KeepAlive as a dict of conditions, in words (launchd.plist(5)): "kept alive" alone hid when launchd
// actually restarts the job (issue 23).

const flagMap = (value: unknown): Array<[string, boolean]> =>
  value && typeof value === 'object' && !Array.isArray(value) ? Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, v === true]) : [];

/** Each KeepAlive condition as a phrase, in the order launchd.plist(5) lists them; empty for none known. */
export function keepAliveText(conditions: Record<string, unknown>): string[] {
  const out: string[] = [];
  if (typeof conditions.SuccessfulExit === 'boolean')
    out.push(conditions.SuccessfulExit ? 'restarted while it exits 0' : 'restarted while it fails (non-zero exit)');
  if (typeof conditions.NetworkState === 'boolean') out.push(conditions.NetworkState ? 'runs while the network is up' : 'runs while the network is down');
  for (const [path, exists] of flagMap(conditions.PathState)) out.push(exists ? `runs while ${path} exists` : `runs while ${path} does not exist`);
  for (const [label, enabled] of flagMap(conditions.OtherJobEnabled)) out.push(enabled ? `runs while ${label} is loaded` : `runs while ${label} is not loaded`);
  if (typeof conditions.Crashed === 'boolean') out.push(conditions.Crashed ? 'restarted after a crash' : 'restarted unless it crashed');
  if (conditions.AfterInitialDemand === true) out.push('once first started on demand');
  return out;
}
