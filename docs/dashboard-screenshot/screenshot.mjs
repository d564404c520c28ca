// Logs in to the Aspire dashboard with its token URL, opens one trace and saves a screenshot of it.
// Usage: node screenshot.mjs <dashboard login URL> <trace id> <png path>   (run by run.sh beside it)
import { chromium } from 'playwright-core';

const [loginUrl, traceId, output] = process.argv.slice(2);
const dashboard = new URL(loginUrl).origin;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const visible = (locator, timeout) => locator.first().waitFor({ timeout }).then(() => true, () => false);
try {
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 }, deviceScaleFactor: 1 });
  await page.goto(loginUrl, { waitUntil: 'networkidle' });
  await page.goto(`${dashboard}/traces/detail/${traceId}`, { waitUntil: 'networkidle' });
  // The span rows render after the trace is fetched; a span of db-service means the whole chain is there.
  let found = await visible(page.getByText('db-service'), 30_000);
  if (!found) {
    // Not under that id: pick the payment's trace from the list instead.
    await page.goto(`${dashboard}/traces`, { waitUntil: 'networkidle' });
    await page.getByText('POST /api/v1/pay').first().click({ timeout: 30_000 }).catch(() => {});
    found = await visible(page.getByText('db-service'), 30_000);
  }
  await page.waitForTimeout(1500);
  await page.screenshot({ path: output, fullPage: false });
  console.log(`saved ${output} (${page.url()}; db-service span ${found ? 'shown' : 'NOT shown'})`);
  if (!found) process.exitCode = 1;
} finally {
  await browser.close();
}
