import type { Store } from '../db/store';
import { UserError } from '../errors';
import type { EventBus } from '../event-bus';
import { ID_PATTERN } from '../projects/manifest-schema';
import { taskKind, type ProjectRegistry } from '../projects/project-registry';

/** The most heartbeats pings may create in one project (healthchecks.io caps its auto-provisioning too). */
export const CREATED_CHECKS_LIMIT = 100;

/** The task a slug ping addresses: its own ping key, and whether this ping created it. */
export interface SlugTarget {
  key: string;
  task: string;
  created: boolean;
}

/**
 * healthchecks.io slug URLs, `/ping/<project ping key>/<task name>`: finds the task by name, or with
 * `create` makes an unknown name a heartbeat of that project (period 1 day, grace 1 hour) until its
 * manifest declares it. Errors are UserErrors whose messages are healthchecks' own bodies where it has one.
 */
export class SlugPings {
  constructor(
    private readonly store: Store,
    private readonly registry: ProjectRegistry,
    private readonly events: EventBus,
  ) {}

  resolve(projectKey: string, slug: string, create: boolean): SlugTarget {
    // healthchecks answers an uppercase slug before it looks anything up (its slugs are lowercase).
    if (slug !== slug.toLowerCase()) throw new UserError('invalid url format', 'invalid');
    const project = this.store.catalog.projectByPingKey(projectKey);
    const loaded = project ? this.registry.get(project) : undefined;
    if (!project || !loaded) throw new UserError('not found', 'not_found');
    // Task names are what healthchecks allows in a slug, lowercase only (it answers the same to "FOO").
    if (!ID_PATTERN.test(slug) || slug.length > 100) throw new UserError('invalid url format', 'invalid');
    const id = `${project}/${slug}`;
    const declared = loaded.manifest?.tasks[slug];
    if (declared) {
      const row = this.store.catalog.task(id);
      if (!row?.ping_key) {
        throw new UserError(`${id} is a ${row?.kind ?? taskKind(declared)} task, not a heartbeat; only heartbeat tasks take pings`, 'conflict');
      }
      return { key: row.ping_key, task: id, created: false };
    }
    if (!create) throw new UserError('not found', 'not_found');
    if (!loaded.manifest) throw new UserError(`project ${project} is invalid, so a ping cannot add ${slug} to it; fix its agent-os.yml first`, 'conflict');
    if (this.store.createdChecks.count(project) >= CREATED_CHECKS_LIMIT) {
      throw new UserError(`project ${project} already has ${CREATED_CHECKS_LIMIT} heartbeats created by pings; declare them in agent-os.yml`, 'conflict');
    }
    this.registry.createCheck(project, slug);
    const created = this.registry.get(project);
    if (created) this.events.emit('project.changed', { project: this.registry.info(created), removed: false });
    const row = this.store.catalog.task(id);
    if (!row?.ping_key) throw new Error(`the heartbeat ${id} was created without a ping key`);
    return { key: row.ping_key, task: id, created: true };
  }
}
