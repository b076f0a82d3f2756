// Issue 23: `agent-os mcp` says which home it serves, in `initialize` instructions and in the status tool,
// so a client started without AGENT_OS_HOME is not silently looking at an empty default home.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSandbox, writeConfig, type Sandbox } from '../helpers/fixtures';
import { startMcp, type McpSession } from '../helpers/mcp';

let box: Sandbox;
let session: McpSession | null = null;

beforeEach(() => {
  box = createSandbox();
  writeConfig(box.home, []);
});

afterEach(async () => {
  await session?.close();
  session = null;
  box.cleanup();
});

describe('agent-os mcp names its home', () => {
  it('names the home from AGENT_OS_HOME in its instructions and status', async () => {
    session = await startMcp(box.home);
    expect(session.client.getInstructions()).toContain(`This server reads the Agent OS home ${box.home} (from AGENT_OS_HOME).`);
    const status = (await session.call('status')).json<{ home: string; home_from: string }>();
    expect(status).toMatchObject({ home: box.home, home_from: 'AGENT_OS_HOME' });
  });

  it('says it is the default home, and how to choose another, when AGENT_OS_HOME is not set', async () => {
    const xdg = join(box.root, 'xdg');
    session = await startMcp(box.home, { AGENT_OS_HOME: '', XDG_DATA_HOME: xdg });
    const home = join(xdg, 'agent-os');
    expect(session.client.getInstructions()).toContain(
      `This server reads the default Agent OS home ${home} (AGENT_OS_HOME is not set); if the user's projects are missing, start it with AGENT_OS_HOME set to their home.`,
    );
    expect((await session.call('status')).json<{ home: string; home_from: string }>()).toMatchObject({ home, home_from: 'default' });
  });
});
