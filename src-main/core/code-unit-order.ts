/**
 * Orders strings by UTF-16 code units, as SQLite's ORDER BY does: a list sorted here and the same list
 * sorted by a query agree, and the order is the same on every machine whatever its locale. ISO times sort
 * as they read.
 */
export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
