// The launchd source's public surface: read job files, compute next runs, ask launchctl, run now.
export { readLaunchAgent, scanLaunchAgents, agentFromPlist, type LaunchAgent, type LaunchAgentEntry, type LaunchdSchedule } from './launch-agent';
export { type CalendarInterval } from './calendar-interval';
export { launchdNextRuns } from './next-runs';
export { keepAliveText } from './keep-alive';
export { parseLaunchctlList, parseLaunchctlPrint, type LaunchctlListEntry, type LaunchctlPrintInfo } from './launchctl-parse';
export { launchctlList, launchctlPrint, kickstart, serviceTarget, type Inactive, type LaunchctlOptions } from './launchctl-client';
export { decodePlist, readPlistFile, type PlistValue } from './plist-file';
