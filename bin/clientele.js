#!/usr/bin/env node
// The `clientele` command. Exit codes: 0 done, 1 done with problems, 2 bad usage/input/workspace,
// 3 database error, 70 internal error (a bug), 130 interrupted.
const argv = process.argv.slice(2);
let cli;
try {
  cli = await import('../dist/cli/main.js');
} catch (e) {
  process.stderr.write(
    `clientele: cannot load its compiled code (dist/): ${e instanceof Error ? e.message.split('\n')[0] : e} — run "npm run build" in the clientele folder (set CLIENTELE_DEBUG=1 for details)\n`,
  );
  if (process.env.CLIENTELE_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
  process.exit(70);
}
cli.guardProcess(cli.commandOf(argv));
process.exitCode = await cli.main(argv);
