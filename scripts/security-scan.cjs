// Static Electron security scan (Doyensec's electronegativity) over src-main/electron; fails on any HIGH
// or CRITICAL finding. Called through its runner API: its CLI breaks on a hoisted commander version.
const run = require('@doyensec/electronegativity/dist/runner.js');
const { join } = require('node:path');

const input = join(__dirname, '..', 'src-main', 'electron');
const electronVersion = require('electron/package.json').version;

run({ input, isRelative: true, electronVersionOverride: electronVersion, parserPlugins: [] })
  .then(({ issues }) => {
    const rows = issues.map(
      (i) => `${i.severity.name.padEnd(8)} ${i.confidence.name.padEnd(9)} ${i.id} ${i.file}:${i.location.line}${i.manualReview ? ' (manual review)' : ''}`,
    );
    console.log(`electronegativity: ${issues.length} finding(s) in src-main/electron`);
    for (const row of rows) console.log(`  ${row}`);
    const high = issues.filter((i) => ['HIGH', 'CRITICAL'].includes(i.severity.name));
    if (high.length > 0) {
      console.error(`electronegativity: ${high.length} high-severity finding(s); fix them before merging.`);
      process.exit(1);
    }
  })
  .catch((error) => {
    console.error(`electronegativity failed: ${error.message}`);
    process.exit(1);
  });
