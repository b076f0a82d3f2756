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

# How long runs and logs are kept, and how large one run's log may grow (head and tail are kept).
retention:
  runs_days: 90
  log_max_bytes: 2MB
`;
