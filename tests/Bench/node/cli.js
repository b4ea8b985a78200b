'use strict';
// Command-line and stdin plumbing shared by the bench's Node load generators.

const readline = require('readline');

/** --name value pairs over the given defaults; unknown names are an error. */
function parseArgs(argv, defaults) {
  const args = { ...defaults };
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i].replace(/^--/, '');
    if (!(name in defaults) || i + 1 >= argv.length) throw new Error(`bad option ${argv[i]}`);
    args[name] = argv[i + 1];
  }
  return args;
}

/**
 * Answers one command per stdin line with the handler's JSON result. "quit", a closed stdin
 * (the bench went away) or SIGTERM end the process after the quit handler (bounded to 5 s).
 */
function serveCommands(handlers) {
  let quitting = false;
  async function quit() {
    if (quitting) return;
    quitting = true;
    const timer = setTimeout(() => process.exit(0), 5000);
    try { await handlers.quit(); } finally { clearTimeout(timer); process.exit(0); }
  }
  const lines = readline.createInterface({ input: process.stdin });
  lines.on('line', async (line) => {
    const command = line.trim();
    if (command === 'quit') return quit();
    const handler = handlers[command];
    if (!handler) { console.log(JSON.stringify({ type: 'error', error: `unknown command ${command}` })); return; }
    console.log(JSON.stringify(await handler()));
  });
  lines.on('close', quit);
  process.on('SIGTERM', quit);
}

module.exports = { parseArgs, serveCommands };
