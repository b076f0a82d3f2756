// The Dockerfile as data, parsed with dockerfile-ast (the parser behind dockerfile-utils, which VS Code's
// Docker support uses), so tests start the server with the image's own command, environment and user
// instead of restating them.
import { DockerfileParser, type Healthcheck } from 'dockerfile-ast';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './cli';

/** One instruction: its keyword, its arguments (flags left out), its whole text and its build stage (0-based). */
export interface ImageInstruction {
  keyword: string;
  args: string;
  raw: string;
  line: number;
  stage: number;
}

/** What the image is and how it starts. */
export interface ImageSpec {
  text: string;
  /** Every instruction, in order. */
  instructions: ImageInstruction[];
  /** Each stage's base image reference (`node:20-bookworm-slim`) and stage name. */
  stages: Array<{ image: string; name: string | null }>;
  /** The final stage: what `docker run` gets. */
  env: Record<string, string>;
  user: string | null;
  entrypoint: string[];
  cmd: string[];
  volumes: string[];
  healthcheck: { flags: Record<string, string>; cmd: string[] } | null;
}

export const DOCKERFILE = join(REPO_ROOT, 'Dockerfile');

/** Parses the checkout's Dockerfile. */
export function readImageSpec(path = DOCKERFILE): ImageSpec {
  const text = readFileSync(path, 'utf8');
  const parsed = DockerfileParser.parse(text);
  const instructions: ImageInstruction[] = [];
  const lines = text.split('\n');
  const flags: Record<string, string> = {};
  let stage = -1;
  for (const instruction of parsed.getInstructions()) {
    const keyword = instruction.getKeyword().toUpperCase();
    if (keyword === 'FROM') stage += 1;
    const { start, end } = instruction.getRange();
    const raw = lines.slice(start.line, end.line + 1).join('\n');
    instructions.push({ keyword, args: instruction.getArgumentsContent() ?? '', raw, line: start.line + 1, stage });
    if (keyword === 'HEALTHCHECK') for (const flag of (instruction as Healthcheck).getFlags()) flags[flag.getName()] = flag.getValue() ?? '';
  }
  const final = stage;
  const spec: ImageSpec = {
    text,
    instructions,
    stages: parsed.getFROMs().map((from) => ({ image: from.getImage() ?? '', name: from.getBuildStage() })),
    env: {},
    user: null,
    entrypoint: [],
    cmd: [],
    volumes: [],
    healthcheck: null,
  };
  for (const env of parsed.getENVs()) {
    if (stageOf(instructions, env.getRange().start.line + 1) !== final) continue;
    for (const property of env.getProperties()) spec.env[property.getName()] = property.getValue() ?? '';
  }
  for (const instruction of instructions.filter((i) => i.stage === final)) {
    if (instruction.keyword === 'USER') spec.user = instruction.args.trim();
    if (instruction.keyword === 'ENTRYPOINT') spec.entrypoint = jsonForm(instruction);
    if (instruction.keyword === 'CMD') spec.cmd = jsonForm(instruction);
    if (instruction.keyword === 'VOLUME')
      spec.volumes.push(...(instruction.args.trim().startsWith('[') ? jsonForm(instruction) : instruction.args.trim().split(/\s+/)));
    if (instruction.keyword === 'HEALTHCHECK') spec.healthcheck = healthcheckOf(instruction, flags);
  }
  return spec;
}

function stageOf(instructions: readonly ImageInstruction[], line: number): number {
  return instructions.filter((i) => i.line <= line).at(-1)?.stage ?? -1;
}

/** The exec (JSON) form's argv; a shell form would need a shell's parsing, and the image uses none. */
function jsonForm(instruction: ImageInstruction): string[] {
  const value: unknown = JSON.parse(instruction.args);
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string'))
    throw new Error(`Dockerfile line ${instruction.line}: ${instruction.keyword} is not in exec (JSON) form`);
  return value;
}

function healthcheckOf(instruction: ImageInstruction, flags: Record<string, string>): ImageSpec['healthcheck'] {
  const rest = instruction.args.trim();
  if (!rest.startsWith('CMD')) return { flags, cmd: [] };
  return { flags, cmd: jsonForm({ ...instruction, args: rest.slice(3).trim() }) };
}
