import { defineConfig } from '@playwright/test';

// Debian's Chromium, never a downloaded browser. Each worker starts its own
// emulator (tests/browser/fixtures.ts), so tests need no server here.
export default defineConfig({
  testDir: 'tests/browser',
  outputDir: 'target/playwright-output',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  // One retry: a test that fails twice fails the run; one that passes on its
  // retry is named "flaky" in the closing summary (scripts/summary.mjs).
  retries: 1,
  reporter: [['list'], ['json', { outputFile: 'target/playwright-results.json' }]],
  use: {
    headless: true,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_BIN ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
