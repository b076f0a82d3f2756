// Railway's public GraphQL API (backboard.railway.com/graphql/v2), as Agent OS reads it with the user's
// account or team token: the executions of one cron service in one environment (newest first, Relay pages by
// `after: endCursor`), the service instance behind them, and a new execution (Run now). GraphQL answers 200
// even when it refuses ("Not Authorized" in `errors`); every failure comes back as a RailwayFailure saying
// what to do.
import { ApiFailure, fetchOrOffline, retryAtOf, saidBy } from '../shared/api-failure';

/** One execution of a cron service as Railway reports it (the fields Agent OS asks for). */
export interface RailwayExecution {
  id: string;
  deploymentId: string;
  /** CREATED, INITIALIZING, RUNNING, RESTARTING (in progress); EXITED, CRASHED; REMOVED, STOPPED, SKIPPED. */
  status: string;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
}

/** Where and how to call the API, and which service in which environment. */
export interface RailwayTarget {
  apiUrl: string;
  token: string;
  serviceId: string;
  environmentId: string;
  signal?: AbortSignal;
}

/** A failed call, with a sentence a user can act on (never the token). */
export class RailwayFailure extends ApiFailure {
  override name = 'RailwayFailure';
}

const EXECUTIONS = `query($input: DeploymentInstanceExecutionListInput!, $first: Int, $after: String) {
  deploymentInstanceExecutions(input: $input, first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { id deploymentId status createdAt updatedAt completedAt } }
  }
}`;
const SERVICE_INSTANCE = `query($serviceId: String!, $environmentId: String!) {
  serviceInstance(serviceId: $serviceId, environmentId: $environmentId) { id }
}`;
const CREATE_EXECUTION = `mutation($input: DeploymentInstanceExecutionCreateInput!) {
  deploymentInstanceExecutionCreate(input: $input)
}`;

/** One GraphQL request; its `data`, or a RailwayFailure for an HTTP failure or an answer with `errors`. */
async function graphql<T>(target: RailwayTarget, query: string, variables: Record<string, unknown>, what: string): Promise<T> {
  const response = await fetchOrOffline(
    target.apiUrl,
    {
      method: 'POST',
      headers: { authorization: `Bearer ${target.token}`, 'content-type': 'application/json', accept: 'application/json', 'user-agent': 'agent-os' },
      body: JSON.stringify({ query, variables }),
      signal: target.signal,
    },
    (cause) => `Railway could not be reached (${cause}); check the network or railway.api_url`,
  );
  const service = `service ${target.serviceId} in environment ${target.environmentId}`;
  if (!response.ok) {
    const said = await saidBy(response);
    if (response.status === 429) {
      const at = retryAtOf(response.headers);
      throw new RailwayFailure('rate_limited', `Railway's rate limit is reached (${said || 429}); Agent OS looks again after ${at.toISOString()}`, at);
    }
    if (response.status === 401 || response.status === 403)
      throw new RailwayFailure(
        'unauthorized',
        `Railway refused the token (${response.status} ${said}); check AGENT_OS_RAILWAY_TOKEN (an account or team token)`,
      );
    if (response.status >= 500) throw new RailwayFailure('server', `Railway answered ${response.status} for ${what}; Agent OS tries again later`);
    throw new RailwayFailure('invalid', `Railway answered ${response.status} for ${what} of ${service}: ${said}`);
  }
  const body = (await response.json().catch(() => null)) as { data?: T | null; errors?: Array<{ message?: unknown }> } | null;
  const said = body?.errors?.map((e) => String(e.message)).join('; ');
  if (said && /not authori[sz]ed/i.test(said))
    throw new RailwayFailure(
      'unauthorized',
      `Railway said "${said}" for ${what} of ${service}: the token cannot see that service, or the ids are not Railway's; check AGENT_OS_RAILWAY_TOKEN and railway.services in config.yml`,
    );
  if (said) throw new RailwayFailure('invalid', `Railway refused ${what} of ${service}: ${said}`);
  if (!body?.data) throw new RailwayFailure('invalid', `Railway answered without data for ${what} of ${service}`);
  return body.data;
}

interface ExecutionsData {
  deploymentInstanceExecutions: {
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: Array<{ node: RailwayExecution }>;
  } | null;
}

/**
 * The service's executions, newest first, page after page while `more(executions so far)` says so and
 * Railway has another page, up to `maxPages`.
 */
export async function executions(
  target: RailwayTarget,
  options: { first: number; maxPages: number; more: (found: readonly RailwayExecution[]) => boolean },
): Promise<RailwayExecution[]> {
  const found: RailwayExecution[] = [];
  let after: string | null = null;
  for (let page = 0; page < options.maxPages; page++) {
    const input = { serviceId: target.serviceId, environmentId: target.environmentId };
    const data: ExecutionsData = await graphql<ExecutionsData>(target, EXECUTIONS, { input, first: options.first, after }, 'the executions');
    const list = data.deploymentInstanceExecutions;
    if (!list || !Array.isArray(list.edges)) throw new RailwayFailure('invalid', `Railway answered without executions for service ${target.serviceId}`);
    found.push(...list.edges.map((e) => e.node).filter((n) => typeof n?.id === 'string'));
    if (!list.pageInfo.hasNextPage || !list.pageInfo.endCursor || !options.more(found)) break;
    after = list.pageInfo.endCursor;
  }
  return found;
}

/** The id of the service's instance in the environment (what a new execution is asked of). */
export async function serviceInstanceId(target: RailwayTarget): Promise<string> {
  const data = await graphql<{ serviceInstance: { id?: unknown } | null }>(
    target,
    SERVICE_INSTANCE,
    { serviceId: target.serviceId, environmentId: target.environmentId },
    'the service instance',
  );
  const id = data.serviceInstance?.id;
  if (typeof id !== 'string')
    throw new RailwayFailure(
      'not_found',
      `Railway has no service ${target.serviceId} in environment ${target.environmentId}; check railway.services in config.yml`,
    );
  return id;
}

/** Starts the cron service's job now (Railway's "Run now"): one new execution of its current deployment. */
export async function createExecution(target: RailwayTarget, instanceId: string): Promise<void> {
  const data = await graphql<{ deploymentInstanceExecutionCreate?: unknown }>(
    target,
    CREATE_EXECUTION,
    { input: { serviceInstanceId: instanceId } },
    'a new execution',
  );
  if (data.deploymentInstanceExecutionCreate !== true)
    throw new RailwayFailure(
      'invalid',
      `Railway did not start an execution of service ${target.serviceId} (it answered ${JSON.stringify(data.deploymentInstanceExecutionCreate)})`,
    );
}
