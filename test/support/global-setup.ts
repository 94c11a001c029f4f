/**
 * Starts the real local stack once per test run, as `npm start` does but on free ports and in
 * a child process (its own Node, like a deployed stage), and hands its URL and demo tokens to
 * the tests through `inject('localStack')`.
 */
import type { TestProject } from 'vitest/node';
import { startLocalStackProcess } from '../../local/local-stack-process.ts';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Routing trusts its copy of the directory this long; one second lets tests see desk changes
  // apply without waiting out the deployed default (15 s).
  process.env.GUICHET_DIRECTORY_CACHE_TTL_SECONDS ??= '1';
  const stack = await startLocalStackProcess({ echoStderr: process.env.GUICHET_TEST_STACK_LOG === '1' });
  project.provide('localStack', stack.state);
  return stack.stop;
}
