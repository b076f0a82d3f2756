import type { Alert, NotificationChannel } from '../../common/alerts';
import type { ConfigError } from '../../common/models';
import { alertProject } from './alert-message';

/** What routing reads of a project: its name, its manifest's file and the channel names its `notify:` lists. */
export interface RoutedProject {
  name: string;
  manifestPath: string;
  manifest: { notify?: readonly string[] } | null;
}

/** The channels an alert goes to by name: its project's manifest `notify:`, or null for every channel. */
export function alertRoute(projectNamed: (name: string) => RoutedProject | undefined): (alert: Alert) => ReadonlySet<string> | null {
  return (alert) => {
    const project = alertProject(alert);
    const names = project ? projectNamed(project)?.manifest?.notify : undefined;
    return names ? new Set(names) : null;
  };
}

/** A manifest's `notify:` names a channel config.yml does not have: said once per name, on the manifest's file. */
export function unknownRoutes(projects: readonly RoutedProject[], channels: readonly NotificationChannel[]): ConfigError[] {
  const names = new Set(channels.flatMap((c) => (c.name ? [c.name] : [])));
  const known = [...names].join(', ') || 'none has a name';
  return projects.flatMap((p) =>
    (p.manifest?.notify ?? []).flatMap((name, i) =>
      names.has(name)
        ? []
        : [
            {
              file: p.manifestPath,
              path: `notify.${i}`,
              message: `${p.name} routes its alerts to "${name}", but no channel in config.yml notify.webhooks has that name (named: ${known}); nothing of ${p.name}'s goes to it`,
            },
          ],
    ),
  );
}
