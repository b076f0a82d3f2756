export type { ExternalJob } from '../../common/plugins';

/** A slug for task ids built from labels and commands ([a-z0-9_-], starting with a letter or digit). */
export function slug(text: string): string {
  const s = text
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[-_]+|-+$/g, '')
    .slice(0, 60);
  return s || 'job';
}
