import { parseLaunchctlList, parseLaunchctlPrint, type LaunchctlListEntry, type LaunchctlPrintInfo } from './launchctl-parse';
import { oneLine, runTool, type ToolOptions, type ToolOutcome } from './run-tool';

/** The launchd source on a machine without launchctl: shown as inactive, never as a failure. */
export interface Inactive {
  active: false;
  reason: string;
}

export interface LaunchctlOptions extends ToolOptions {
  /** The GUI domain's user id; default the current user's (agents live in gui/<uid>). */
  uid?: number;
}

const NOT_FOUND: Inactive = { active: false, reason: 'launchctl not found on PATH' };

/** `gui/<uid>/<label>`: the service target launchctl's modern subcommands take. */
export function serviceTarget(label: string, uid: number = currentUid()): string {
  return `gui/${uid}/${label}`;
}

/** Every job loaded for this user, from `launchctl list` (the fallback when print is not enough). */
export async function launchctlList(options: LaunchctlOptions = {}): Promise<Inactive | { active: true; entries: LaunchctlListEntry[]; error: string | null }> {
  const out = await runTool('launchctl', ['list'], options);
  if (!out.found) return NOT_FOUND;
  const entries = parseLaunchctlList(out.stdout);
  const unreadable = entries.length === 0 && out.stdout.replace(/^\s*PID\s+Status\s+Label\s*$/m, '').trim() !== '';
  const error = failure('launchctl list', out) ?? (unreadable ? 'launchctl list output was not understood; no jobs could be read from it.' : null);
  return { active: true, entries, error };
}

/**
 * One job's live state from `launchctl print gui/<uid>/<label>`. A job launchd does not know (not
 * loaded), a timeout or unreadable output all come back as state `unknown` with a note.
 */
export async function launchctlPrint(label: string, options: LaunchctlOptions = {}): Promise<Inactive | { active: true; info: LaunchctlPrintInfo }> {
  const target = serviceTarget(label, options.uid);
  const out = await runTool('launchctl', ['print', target], options);
  if (!out.found) return NOT_FOUND;
  const problem = failure(`launchctl print ${target}`, out);
  if (problem === null) return { active: true, info: parseLaunchctlPrint(out.stdout) };
  const info = parseLaunchctlPrint('');
  // launchctl exits 113 with "Could not find service" for a plist that was never bootstrapped.
  info.note = out.code === 113 ? `${target} is not loaded in launchd (${problem}).` : `${problem}; the job's state is unknown.`;
  return { active: true, info };
}

/** Run now: `launchctl kickstart -k` restarts the job even if it is running, as LaunchControl does. */
export async function kickstart(label: string, options: LaunchctlOptions = {}): Promise<Inactive | { active: true; ok: boolean; error: string | null }> {
  const target = serviceTarget(label, options.uid);
  const out = await runTool('launchctl', ['kickstart', '-k', target], options);
  if (!out.found) return NOT_FOUND;
  const error = failure(`launchctl kickstart -k ${target}`, out);
  return { active: true, ok: error === null, error };
}

function failure(what: string, out: Extract<ToolOutcome, { found: true }>): string | null {
  if (out.error) return `${what} failed: ${out.error}`;
  if (out.code === 0) return null;
  const said = oneLine(out.stderr) || oneLine(out.stdout);
  return `${what} exited ${out.code ?? out.signal ?? 'abnormally'}${said ? `: ${said}` : ''}`;
}

function currentUid(): number {
  return typeof process.getuid === 'function' ? process.getuid() : 501;
}
