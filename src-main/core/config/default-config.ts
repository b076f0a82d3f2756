/** The config.yml written on first run: every setting present, commented, with its default. */
export const DEFAULT_CONFIG_YAML = `# Agent OS configuration. Changes are picked up on the next start.
# Folders scanned for projects (folders holding an agent-os.yml), a few levels deep.
roots: []
#  - ~/code

# Project folders listed one by one (each holds an agent-os.yml).
projects: []
#  - ~/code/cortana

# How many folder levels below each root are searched for agent-os.yml.
scan_depth: 3

# Named concurrency limits; tasks list them under \`resources:\` and wait for a free slot.
resources: {}
#  openai: 1

# Where alerts go.
notify:
  webhooks: []
#    - { kind: discord, url: "https://discord.com/api/webhooks/…" }
# A daily digest to every channel at this local time: yesterday's failures and recoveries, what still
# fails, missed runs, spend against budgets and today's runs (\`agent-os digest\` prints it any time).
#  digest: "08:00"
# A task that changes state more than \`changes\` times within \`window\` alerts once as flapping, then
# stays quiet until it has been stable for that long.
#  flapping: { changes: 4, window: 1h }

# Spend limits in USD, overall; per project in each manifest's \`budget:\`.
budgets: {}
#  monthly_usd: 100
#  daily_usd: 10

# The dashboard and API listen here. Keep 127.0.0.1 unless you know why not: beyond loopback (0.0.0.0)
# is hosted mode, where the token guards everything but /ping and /healthz (README: "Run it 24/7 on a server").
server:
  host: 127.0.0.1
  port: 7317
#  allowed_hosts: [agent.example.com]       # public names accepted in Host (the DNS-rebinding check)
#  trust_proxy: 1                           # proxies in front that may set X-Forwarded-*: true, hops or addresses
#  public_url: https://agent.example.com    # the address people and jobs use (ping URLs, links)

# Non-critical alerts wait until quiet hours end.
quiet_hours: null
#  { start: "22:00", end: "07:00" }

# launchd job folders and system crontab folders shown beside your own crontab (jobs no manifest
# claims are listed as "unassigned").
launchd:
  dirs: [~/Library/LaunchAgents]
cron:
  dirs: [/etc/cron.d]

# GitHub Actions: scheduled workflows in your project folders show up as tasks. With a read-only token in
# AGENT_OS_GITHUB_TOKEN (never here), their runs are read from this API every \`poll\`. A project whose
# folder has no git remote "origin" names its repository under \`repos\`.
github:
  api_url: https://api.github.com
  poll: 5m
  repos: {}
#    cortana: erik/cortana

# Railway: cron services in your project folders (railway.json / railway.toml with deploy.cronSchedule)
# show up as tasks. With an account or team token in AGENT_OS_RAILWAY_TOKEN (never here), the executions of
# each service named under \`services\` (by task id; \`railway status --json\` prints the ids) are read from
# this API every \`poll\`, and Run now starts one.
railway:
  api_url: https://backboard.railway.com/graphql/v2
  poll: 5m
  services: {}
#    shop/railway: { service: 5b3e4a8c-…, environment: 9d1f7c2e-… }

# How long runs and logs are kept, and how large one run's log may grow (head and tail are kept).
retention:
  runs_days: 90
  log_max_bytes: 2MB

# Tasks an MCP client (\`agent-os mcp\`) may start with run_task: "project/task" or "project/*".
mcp:
  allow_run: []
#    - cortana/daily_update
`;
