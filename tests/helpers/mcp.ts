// A real MCP client (the official SDK's Client over StdioClientTransport) driving `agent-os mcp` as a child
// process, the way Claude Desktop, an IDE or an agent framework spawns it. Every reply is kept as text so a
// test can search all of them for secrets.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { Readable } from 'node:stream';
import { assertCliBuilt, CLI_BIN, cliEnv, REPO_ROOT } from './cli';
import { withDatabase } from './db';

/** A tool call's reply: its text, whether it is a tool error, and the text parsed as JSON. */
export interface ToolReply {
  text: string;
  isError: boolean;
  json<T>(): T;
}

/** A live `agent-os mcp` with a connected client. */
export interface McpSession {
  client: Client;
  /** Every reply so far (tool results, listings, resource texts, request errors), as text. */
  replies: string[];
  /** The pid of the `agent-os mcp` process. */
  pid: number | null;
  /** The tools called so far, by name. */
  called: Set<string>;
  /** Lines of stdout the client could not read as protocol messages (must stay empty). */
  protocolErrors: Error[];
  stderr(): string;
  call(name: string, args?: Record<string, unknown>): Promise<ToolReply>;
  /** Runs a request whose reply (or rejection message) is recorded as text. */
  record<T>(request: Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Spawns `node bin/agent-os.js mcp` for `home` and connects the SDK client to it. */
export async function startMcp(home: string, env: Record<string, string> = {}): Promise<McpSession> {
  assertCliBuilt();
  const childEnv: Record<string, string> = {};
  for (const [name, value] of Object.entries(cliEnv(home, env))) if (value !== undefined) childEnv[name] = value;
  const transport = new StdioClientTransport({ command: process.execPath, args: [CLI_BIN, 'mcp'], env: childEnv, cwd: REPO_ROOT, stderr: 'pipe' });
  let stderr = '';
  (transport.stderr as Readable | null)?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const client = new Client({ name: 'agent-os-tests', version: '1.0.0' });
  const protocolErrors: Error[] = [];
  client.onerror = (error) => protocolErrors.push(error);
  await client.connect(transport);
  const replies: string[] = [];
  const called = new Set<string>();
  const record = async <T>(request: Promise<T>): Promise<T> => {
    try {
      const result = await request;
      replies.push(JSON.stringify(result));
      return result;
    } catch (error) {
      replies.push((error as Error).message);
      throw error;
    }
  };
  return {
    client,
    replies,
    pid: transport.pid,
    called,
    protocolErrors,
    stderr: () => stderr,
    record,
    async call(name, args = {}) {
      called.add(name);
      // A long wait for a run is the tool's own business: the SDK's 60 s default would cut it short.
      const result = await record(client.callTool({ name, arguments: args }, undefined, { timeout: 180_000 }));
      const content = result.content as Array<{ type: string; text?: string }>;
      const text = content.map((c) => c.text ?? '').join('\n');
      return { text, isError: result.isError === true, json: <T>() => JSON.parse(text) as T };
    },
    close: () => client.close(),
  };
}

/** The planted secrets found in any of the replies, with the reply's start for context. */
export function leakedSecrets(replies: readonly string[], secrets: readonly string[]): string[] {
  const leaks: string[] = [];
  for (const reply of replies) for (const secret of secrets) if (reply.includes(secret)) leaks.push(`${secret} in ${reply.slice(0, 200)}`);
  return leaks;
}

/** The pid of the Agent OS process that supervised a run (its engine), from the home's database. */
export function runOwner(home: string, runId: number): number | null {
  return withDatabase(home, (db) => (db.prepare('SELECT owner_pid FROM runs WHERE id = ?').get(runId) as { owner_pid: number | null }).owner_pid);
}
