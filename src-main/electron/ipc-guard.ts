import { ARG_SCHEMAS } from '../core/handlers/arg-schemas';

/** Every IPC channel the preload may use starts with this. */
export const IPC_PREFIX = 'agent-os:';
/** The channel events are pushed on. */
export const IPC_EVENT_CHANNEL = `${IPC_PREFIX}event`;
/** The app's own origin (custom protocol); only frames from it may call the core. */
export const APP_ORIGIN = 'app://agent-os';

/** The outcome of checking one IPC call. */
export type IpcCheck = { ok: true; name: keyof typeof ARG_SCHEMAS; arg: unknown } | { ok: false; error: string };

/**
 * Checks an `invoke` from the renderer: the sending frame must be our app (not a navigated-away or
 * injected frame), the channel a known command, and the payload must pass the command's schema.
 */
export function checkIpcCall(senderUrl: string | undefined, channel: string, payload: unknown): IpcCheck {
  let origin = '';
  try {
    origin = senderUrl ? new URL(senderUrl).origin : '';
  } catch {
    origin = '';
  }
  // Custom schemes report origin "null" in WHATWG URL; compare scheme and host instead.
  const url = senderUrl ? safeUrl(senderUrl) : null;
  const fromApp = url !== null && `${url.protocol}//${url.host}` === APP_ORIGIN;
  if (!fromApp) return { ok: false, error: `refused: IPC from an unknown frame (${origin || senderUrl || 'no url'})` };
  if (!channel.startsWith(IPC_PREFIX)) return { ok: false, error: `refused: channel ${channel} is not an Agent OS channel` };
  const name = channel.slice(IPC_PREFIX.length);
  if (!Object.hasOwn(ARG_SCHEMAS, name)) return { ok: false, error: `refused: no command "${name}"` };
  const key = name as keyof typeof ARG_SCHEMAS;
  const parsed = ARG_SCHEMAS[key].safeParse(payload);
  if (!parsed.success)
    return { ok: false, error: `invalid request for ${name}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'argument'}: ${i.message}`).join('; ')}` };
  return { ok: true, name: key, arg: parsed.data };
}

function safeUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}
