// Logs in to the Aspire dashboard with its token URL, opens one trace and saves a screenshot of it.
// Usage: node screenshot.mjs <dashboard login URL> <trace id> <png path>   (run by run.sh beside it)
import { chromium } from 'playwright-core';

const [loginUrl, traceId, output] = process.argv.slice(2);
const dashboard = new URL(loginUrl).origin;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 }, deviceScaleFactor: 1 });
  await page.goto(loginUrl, { waitUntil: 'networkidle' });
  await page.goto(`${dashboard}/traces/detail/${traceId}`, { waitUntil: 'networkidle' });
  // The span rows render after the trace is fetched; wait for a span of the edge and one of db-service.
  await page.getByText('gateway', { exact: false }).first().waitFor({ timeout: 60_000 });
  await page.getByText('db-service', { exact: false }).first().waitFor({ timeout: 60_000 });
  await page.waitForTimeout(1500);
  await page.screenshot({ path: output, fullPage: false });
  console.log(`saved ${output} (trace ${traceId})`);
} finally {
  await browser.close();
}
