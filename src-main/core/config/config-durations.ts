import { checkedDuration } from '../duration';
import type { Config } from './config-schema';

/** config.yml's durations in milliseconds, read once per load of the file (the texts stay in Config for Settings). */
export interface ConfigDurations {
  killGraceMs: number;
  githubPollMs: number;
  railwayPollMs: number;
  flappingWindowMs: number;
  notifyTimeoutMs: number;
  notifyRetryBaseMs: number;
  notifyRetryMaxMs: number;
  costsRetryBaseMs: number;
}

export function configDurations(config: Config): ConfigDurations {
  return {
    killGraceMs: checkedDuration(config.kill_grace),
    githubPollMs: checkedDuration(config.github.poll),
    railwayPollMs: checkedDuration(config.railway.poll),
    flappingWindowMs: checkedDuration(config.notify.flapping.window),
    notifyTimeoutMs: checkedDuration(config.notify.timeout),
    notifyRetryBaseMs: checkedDuration(config.notify.retry_base),
    notifyRetryMaxMs: checkedDuration(config.notify.retry_max),
    costsRetryBaseMs: checkedDuration(config.costs.retry_base),
  };
}
