/** What the key audit can find (SPEC §8, §10). `missing_env_example` is an extra kind beyond §10's list. */
export type KeyFindingKind = 'shared_secret' | 'env_tracked' | 'env_not_ignored' | 'foreign_env' | 'own_env_secret' | 'missing_env_example';

/** One problem. Names and paths only: a finding never holds a secret value or a fingerprint of one. */
export interface KeyFinding {
  kind: KeyFindingKind;
  /** A short heading for the kind. */
  title: string;
  /** The projects concerned, sorted (foreign_env: the loading project, then the folder's owner); empty for Agent OS's own environment. */
  projects: string[];
  /** The variable concerned (several names joined with ", " when projects name the same secret differently). */
  variable: string | null;
  /** Every variable name concerned. */
  variables: string[];
  /** The env file concerned, when there is one. */
  file: string | null;
  /** What was found, one sentence. */
  detail: string;
  /** What to do about it. */
  fix: string;
}

/** A project's variables of one service, by name. */
export interface ServiceVariables {
  service: string;
  variables: string[];
}

/** Which services a project's env files configure (variable names only). */
export interface ProjectInventory {
  project: string;
  dir: string;
  /** The env files the manifest names that exist, relative to the project folder when inside it. */
  env_files: string[];
  /** Grouped by known service; names no service claims are under "other", last. */
  services: ServiceVariables[];
  /** Whether the project folder holds a .env.example (or .env.sample / .env.template). */
  has_example: boolean;
}

/** The whole audit, as `doctor --json` prints it. */
export interface KeyAudit {
  findings: KeyFinding[];
  inventory: ProjectInventory[];
  checked_at: string;
}
