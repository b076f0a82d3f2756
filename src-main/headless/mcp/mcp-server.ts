// The low-level Server (not McpServer): McpServer reports bad arguments as zod issues joined by newlines and
// an unknown tool without naming the known ones; here each is one line that says what to send instead.
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import {
  CallToolRequestSchema,
  ListResourcesRequestSchema,
  ListToolsRequestSchema,
  ReadResourceRequestSchema,
  type CallToolResult,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { UserError } from '../../core/errors';
import { createRedactor } from '../../core/runner/redactor';
import type { Backend } from '../cli/cli-context';
import { describeIssues } from '../server/api-routes';
import type { McpTool, ServedHome } from './mcp-tool';
import { listProjectResources, readProjectResource } from './project-resources';
import { READ_TOOLS } from './read-tools';
import { replyRedactor } from './reply-redactor';
import { runTask } from './run-task-tool';
import { takeStdout } from './stdout-guard';

/** JSON-RPC codes: the MCP spec's for an unknown resource, and JSON-RPC's own internal error. */
const RESOURCE_NOT_FOUND = -32002;
const INTERNAL_ERROR = -32603;
const INSTRUCTIONS =
  "Agent OS shows and steers this machine's scheduled automation jobs. Start with `failing` (what needs attention) or `status`; " +
  '`run_task` starts only the tasks the user listed in config.yml mcp.allow_run.';

/** What the MCP server needs from the CLI around it. */
export interface McpServeOptions {
  version: string;
  /** Runs one request against the home's one engine: the running server's, else one in this process (cli-context). */
  withBackend: <T>(fn: (backend: Backend) => Promise<T>) => Promise<T>;
  /** The home it serves and why that one: a client started without AGENT_OS_HOME must see it is the default. */
  home?: ServedHome;
}

/** The sentence naming the home, for `initialize` instructions and the status tool. */
export function homeSentence(home: ServedHome): string {
  return home.from === 'AGENT_OS_HOME'
    ? `This server reads the Agent OS home ${home.path} (from AGENT_OS_HOME).`
    : `This server reads the default Agent OS home ${home.path} (AGENT_OS_HOME is not set); if the user's projects are missing, start it with AGENT_OS_HOME set to their home.`;
}

/**
 * `agent-os mcp`: a Model Context Protocol server on stdin/stdout until the client closes stdin or a
 * SIGTERM/SIGINT arrives. Each request goes to the engine of the home as a CLI command would, so a serve
 * or desktop app started or stopped meanwhile is used from the next request on.
 */
export async function serveMcp(options: McpServeOptions): Promise<void> {
  const protocolOut = takeStdout();
  const tools: readonly McpTool[] = [...READ_TOOLS, runTask];
  const closing = new AbortController();
  const inFlight = new Set<Promise<unknown>>();
  const track = <T>(work: Promise<T>): Promise<T> => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work)).catch(() => undefined);
    return work;
  };

  /** Runs fn against the engine; its reply, or its error as one line, passes the redactor before it leaves. */
  const answer = (fn: (backend: Backend) => Promise<unknown>): Promise<{ text: string; isError: boolean }> =>
    track(
      options
        .withBackend(async (backend) => {
          const redactor = replyRedactor(backend.paths, await backend.call('projects.list', {}));
          try {
            return { text: redactor.redact(JSON.stringify(await fn(backend), null, 2)), isError: false };
          } catch (error) {
            return { text: redactor.redact(oneLine(error)), isError: true };
          }
        })
        .catch((error: unknown) => ({ text: createRedactor([]).redact(oneLine(error)), isError: true })),
    );

  const server = new Server(
    { name: 'agent-os', version: options.version },
    { capabilities: { tools: {}, resources: {} }, instructions: options.home ? `${INSTRUCTIONS} ${homeSentence(options.home)}` : INSTRUCTIONS },
  );
  server.onerror = (error) => process.stderr.write(`agent-os mcp: ${createRedactor([]).redact(oneLine(error))}\n`);
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: tools.map(describeTool) }));
  server.setRequestHandler(CallToolRequestSchema, async (request): Promise<CallToolResult> => {
    const { name, arguments: args } = request.params;
    const tool = tools.find((t) => t.name === name);
    const reply = (text: string, isError: boolean): CallToolResult => ({ content: [{ type: 'text', text }], isError });
    if (!tool) return reply(`no tool "${name}"; the tools are ${tools.map((t) => t.name).join(', ')}`, true);
    const parsed = tool.input.safeParse(args ?? {});
    if (!parsed.success) return reply(`bad arguments for ${name}: ${describeIssues(parsed.error.issues)}; see the tool's input schema`, true);
    const { text, isError } = await answer((backend) =>
      tool.run(parsed.data, { backend, signal: closing.signal, ...(options.home ? { home: options.home } : {}) }),
    );
    return reply(text, isError);
  });
  server.setRequestHandler(ListResourcesRequestSchema, async () => {
    const { text, isError } = await answer(listProjectResources);
    if (isError) throw protocolError(INTERNAL_ERROR, text);
    return { resources: JSON.parse(text) as Awaited<ReturnType<typeof listProjectResources>> };
  });
  server.setRequestHandler(ReadResourceRequestSchema, async (request) => {
    const { uri } = request.params;
    const { text, isError } = await answer((backend) => readProjectResource(backend, uri));
    if (isError) throw protocolError(RESOURCE_NOT_FOUND, text);
    return { contents: [{ uri, mimeType: 'application/json', text }] };
  });

  const ended = new Promise<void>((resolve) => {
    process.stdin.once('end', resolve);
    process.stdin.once('close', resolve);
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  await server.connect(new StdioServerTransport(process.stdin, protocolOut));
  process.stderr.write(`agent-os mcp: serving the Model Context Protocol on stdio (${tools.length} tools); logs go to stderr\n`);
  await ended;
  closing.abort();
  await Promise.allSettled([...inFlight]);
  await server.close();
}

/**
 * A request's error as the SDK sends it (its code and message). Not an McpError: that one puts "MCP error
 * <code>:" in its message, and the client adds the same prefix again.
 */
function protocolError(code: number, message: string): Error & { code: number } {
  return Object.assign(new Error(message), { code });
}

function describeTool(tool: McpTool): Tool {
  return {
    name: tool.name,
    description: tool.description,
    inputSchema: z.toJSONSchema(tool.input, { io: 'input' }) as Tool['inputSchema'],
    annotations: { readOnlyHint: tool.readOnly, destructiveHint: false, idempotentHint: tool.readOnly, openWorldHint: false },
  };
}

/** An error as the one line a client shows: a UserError's sentence, else what failed inside Agent OS. */
function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const line = message.split('\n')[0]?.trim() ?? '';
  return error instanceof UserError ? line : `Agent OS failed to answer: ${line}`;
}
