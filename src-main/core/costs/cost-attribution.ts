/** Maps a provider project / workspace to an Agent OS project: config first, else an equal name, else unattributed (null). */
export function attributeProject(
  providerProject: string | null,
  providerName: string | undefined,
  configured: Record<string, string>,
  knownProjects: ReadonlySet<string>,
): string | null {
  if (providerProject === null) return null;
  const mapped = configured[providerProject] ?? (providerName ? configured[providerName] : undefined);
  if (mapped) return mapped;
  for (const candidate of [providerName, providerProject]) {
    if (!candidate) continue;
    const slug = candidate.toLowerCase().replace(/[^a-z0-9_-]+/g, '-');
    if (knownProjects.has(candidate)) return candidate;
    if (knownProjects.has(slug)) return slug;
  }
  return null;
}
