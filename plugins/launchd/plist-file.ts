import { readFile } from 'node:fs/promises';
import { parseBuffer } from 'bplist-parser';
import { parse as parseXmlPlist } from 'plist';

/** A decoded property-list value, whichever encoding the file used. */
export type PlistValue = string | number | bigint | boolean | Date | Uint8Array | null | PlistValue[] | { [key: string]: PlistValue };

/** A plain `<dict>`: what a launchd job file must hold at its root. */
export type PlistDict = { [key: string]: PlistValue };

const BINARY_MAGIC = 'bplist00';

/** True for a `<dict>`-like value: not an array, a date or raw data. */
export function isPlistDict(value: unknown): value is PlistDict {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date) && !(value instanceof Uint8Array);
}

/**
 * Decodes plist bytes. macOS writes agents as XML or as binary (`plutil -convert binary1`, Xcode,
 * LaunchControl), so both must work; the magic number decides, not the file name.
 * Throws an Error whose message says what is wrong with the bytes.
 */
export function decodePlist(bytes: Buffer): PlistValue {
  if (bytes.subarray(0, BINARY_MAGIC.length).toString('latin1') === BINARY_MAGIC) {
    try {
      const [root] = parseBuffer<PlistValue>(bytes);
      return root ?? null;
    } catch (error) {
      throw new Error(`binary plist is corrupt (${messageOf(error)})`);
    }
  }
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  // A truncated file is the common case (an editor or installer died mid-write). Catching it here
  // keeps the message clear and spares the XML parser, which also prints its own complaint to stderr.
  if (!/<\/plist>\s*$/.test(text)) {
    throw new Error(text.trim() === '' ? 'file is empty' : 'XML plist is cut off or not a plist (no closing </plist>)');
  }
  // The plist library's XML parser (xmldom) reports what it finds to console.error ("[xmldom fatalError] …")
  // when no handler is given, and plist gives it none: that noise reached stderr of every CLI command
  // (issue 23). The parse is synchronous, so console.error is taken over for exactly its duration.
  const said: string[] = [];
  const consoleError = console.error;
  console.error = (...args: unknown[]) => void said.push(args.map(String).join(' '));
  try {
    return parseXmlPlist(text) as PlistValue;
  } catch (error) {
    throw new Error(`XML plist is malformed (${messageOf(error)})`);
  } finally {
    console.error = consoleError;
  }
}

/** Reads and decodes one plist file; errors name the file. */
export async function readPlistFile(file: string): Promise<PlistValue> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new Error(`${file}: cannot be read (${messageOf(error)})`);
  }
  try {
    return decodePlist(bytes);
  } catch (error) {
    throw new Error(`${file}: ${messageOf(error)}`);
  }
}

export function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  // xmldom appends a multi-line locator; the first line is the useful part.
  return text.split('\n')[0]?.trim() || 'unknown error';
}

/** Binary plists may decode large integers as bigint; schedule values are small either way. */
export function toInteger(value: unknown): number | null {
  if (typeof value === 'bigint') return Number(value);
  return typeof value === 'number' && Number.isInteger(value) ? value : null;
}

export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Date) return 'a date';
  if (value instanceof Uint8Array) return 'raw data';
  if (isPlistDict(value)) return 'a dict';
  return JSON.stringify(typeof value === 'bigint' ? Number(value) : value);
}
