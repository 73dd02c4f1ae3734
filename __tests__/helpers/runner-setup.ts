// Runs in every runner-level suite (jest.config.js): after its last test, the step directories its runs left
// (a post step's, a run whose result no test cleaned up) are removed, so a suite leaves no kv-step-* behind.
import { removeStepDirs } from '../../standin/runner.mjs';

afterAll(() => removeStepDirs());
