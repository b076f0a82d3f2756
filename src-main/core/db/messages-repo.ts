import type { MessageLevel, MessageSource, ProjectMessage } from '../../common/alerts';
import type { Db } from './open-database';

/** A message as received, before it is stored. */
export interface NewMessage {
  project: string;
  title: string | null;
  message: string;
  level: MessageLevel;
  source: MessageSource;
  run_id: number | null;
}

/** Queries on the messages projects send through Agent OS. */
export function messagesRepo(db: Db) {
  const insert = db.prepare(
    'INSERT INTO messages (project, title, message, level, source, run_id, received_at) VALUES (@project, @title, @message, @level, @source, @run_id, @now)',
  );
  const waitingProjects = db.prepare('SELECT project, MIN(received_at) AS first FROM messages WHERE alert_id IS NULL GROUP BY project');
  const waitingOf = db.prepare('SELECT * FROM messages WHERE project = ? AND alert_id IS NULL ORDER BY id');
  const gather = db.prepare('UPDATE messages SET alert_id = ? WHERE project = ? AND alert_id IS NULL AND id <= ?');
  const latest = db.prepare('SELECT * FROM messages ORDER BY id DESC LIMIT ?');
  const latestOf = db.prepare('SELECT * FROM messages WHERE project = ? ORDER BY id DESC LIMIT ?');
  const ofAlert = db.prepare('SELECT * FROM messages WHERE alert_id = ? ORDER BY id');
  const between = db.prepare('SELECT * FROM messages WHERE received_at >= ? AND received_at < ? ORDER BY id');
  // Only sent ones: a message still waiting for its channels is never pruned, whatever its age.
  const prune = db.prepare('DELETE FROM messages WHERE id IN (SELECT id FROM messages WHERE received_at < ? AND alert_id IS NOT NULL ORDER BY id LIMIT ?)');
  const lastGatheredAt = db.prepare("SELECT MAX(a.opened_at) AS at FROM alerts a WHERE a.kind = 'message' AND a.subject = ?");

  return {
    add(messages: readonly NewMessage[], now: string): void {
      db.transaction(() => {
        for (const m of messages) insert.run({ ...m, now });
      })();
    },
    /** Projects with messages not yet gathered into a batch, with the oldest one's time. */
    waiting(): Array<{ project: string; first: string }> {
      return waitingProjects.all() as Array<{ project: string; first: string }>;
    },
    waitingOf(project: string): ProjectMessage[] {
      return waitingOf.all(project) as ProjectMessage[];
    },
    /** Marks a project's waiting messages up to `lastId` as sent in the batch `alertId`. */
    gather(project: string, lastId: number, alertId: number): void {
      gather.run(alertId, project, lastId);
    },
    /** When the project's last batch was sent, or null. */
    lastBatchAt(project: string): string | null {
      return (lastGatheredAt.get(project) as { at: string | null }).at;
    },
    list(limit: number, project?: string): ProjectMessage[] {
      return (project ? latestOf.all(project, limit) : latest.all(limit)) as ProjectMessage[];
    },
    ofAlert(alertId: number): ProjectMessage[] {
      return ofAlert.all(alertId) as ProjectMessage[];
    },
    /** Removes up to `limit` sent messages received before `cutoff`; returns how many (retention). */
    prune(cutoff: string, limit: number): number {
      return prune.run(cutoff, limit).changes;
    },
    /** Messages received in [from, to), oldest first (the digest's day). */
    between(from: string, to: string): ProjectMessage[] {
      return between.all(from, to) as ProjectMessage[];
    },
  };
}
