// The environment run's command starts with: this step's, as a run: step would have it, plus the values.
// Not the values' names alone: the command is the workflow's own code, and gets what any run: step gets.

/**
 * What the runner gives a JavaScript action and never a run: step (NodeScriptActionHandler.cs: the
 * Actions runtime's URLs and token, for the cache and artifact toolkits), and this action's own
 * (its inputs, the github-token input among them, its post step's state and state file).
 */
const ACTION_ONLY = new Set([
  'ACTIONS_RUNTIME_URL',
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_CACHE_URL',
  'ACTIONS_RESULTS_URL',
  'ACTIONS_CACHE_SERVICE_V2',
  'ACTIONS_CACHE_MODE',
  'GITHUB_STATE',
]);
const ACTION_ONLY_PREFIX = /^(?:INPUT_|STATE_)/i;

/** Whether the command's environment leaves `name` out. */
export const leftOut = (name: string) => ACTION_ONLY.has(name.toUpperCase()) || ACTION_ONLY_PREFIX.test(name);

/**
 * `base` without what is only the action's, then each value under its name. On Windows names are one
 * whatever their case, so a value replaces a variable spelt otherwise (Path and PATH are one).
 */
export function commandEnv(
  base: Record<string, string | undefined>,
  values: readonly { name: string; value: string }[],
  platform: string,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(base)) if (value !== undefined && !leftOut(name)) env[name] = value;
  for (const { name, value } of values) {
    if (platform === 'win32')
      for (const key of Object.keys(env)) if (key.toUpperCase() === name.toUpperCase()) delete env[key];
    env[name] = value;
  }
  return env;
}
