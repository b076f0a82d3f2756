// Required (node --require) into the shell's process before dist/electron/main.cjs: plays the platform the
// test asked for and resolves `electron` to the stand-in bundle, as the Electron runtime resolves its own.
const Module = require('node:module');

const config = JSON.parse(process.env.AGENT_OS_STAND_IN || '{}');
if (!config.bundle) throw new Error('electron stand-in: AGENT_OS_STAND_IN names no bundle');
Object.defineProperty(process, 'platform', { value: config.platform, enumerable: true });

const resolve = Module._resolveFilename;
Module._resolveFilename = function resolveElectron(request, ...rest) {
  return request === 'electron' ? config.bundle : resolve.call(this, request, ...rest);
};
require(config.bundle);
