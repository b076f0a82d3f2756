// Status reports the menubar tests draw from.
import type { StatusReport } from '../../../src-main/common/models';

/** One project, one command task that is OK: what a calm menubar shows. */
export function oneOkTask(): StatusReport {
  return {
    projects: [
      {
        name: 'shop',
        path: '/p/shop',
        state: 'ok',
        errors: [],
        tasks: [{ id: 'shop/nightly', kind: 'command', state: 'ok', paused: false, schedule: null, last_run: null, next_run: null }],
      },
    ],
    config_errors: [],
    paused_all: false,
  };
}
