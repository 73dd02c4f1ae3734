// Preloaded into the action by the benchmark (NODE_OPTIONS=--require): writes the process's peak RSS
// (KiB) to $RSS_PROBE_FILE when it exits.
process.on('exit', () => {
  if (process.env.RSS_PROBE_FILE)
    require('node:fs').writeFileSync(process.env.RSS_PROBE_FILE, String(process.resourceUsage().maxRSS));
});
