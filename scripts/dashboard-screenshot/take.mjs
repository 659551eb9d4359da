// Takes the README pictures of the local receiver's UI: one event's trace, and the logs of that trace.
// Usage: node take.mjs <dashboard-url> <output-folder>
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const [base, out] = process.argv.slice(2);
if (!base || !out) {
  console.error('usage: node take.mjs <dashboard-url> <output-folder>');
  process.exit(2);
}
mkdirSync(out, { recursive: true });

// The trace of the first classified event: an operate span with its child span, helix event and logs.
const answer = await fetch(new URL('api/telemetry/spans?limit=10000', base));
const spans = (await answer.json()).data.resourceSpans
  .flatMap(r => r.scopeSpans.flatMap(s => s.spans));
const classify = spans.find(s => s.name === 'classify');
if (!classify) {
  console.error('no classify span found at ' + base);
  process.exit(1);
}
const traceId = classify.traceId;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });

  await page.goto(new URL(`traces/detail/${traceId}`, base).href, { waitUntil: 'networkidle' });
  const spanName = page.getByText('classify', { exact: true }).first();
  await spanName.waitFor({ timeout: 30000 });
  await dismissBanner(page);
  // Open the operate span's details: its helix attributes and the helix.event.classified event.
  await spanName.click();
  await page.waitForTimeout(1500);
  await page.screenshot({ path: join(out, 'dashboard-trace.png') });

  await page.goto(new URL(`structuredlogs?traceId=${traceId}`, base).href, { waitUntil: 'networkidle' });
  const record = page.getByText('Classified as', { exact: false }).first();
  await record.waitFor({ timeout: 30000 });
  await dismissBanner(page);
  // Open the record's details: resource_name, resource_type, pipeline, site and the trace ids.
  await record.click();
  await page.waitForTimeout(1500);
  await page.screenshot({ path: join(out, 'dashboard-logs.png') });
} finally {
  await browser.close();
}
async function dismissBanner(page) {
  const close = page.getByRole('button', { name: /close|dismiss/i }).first();
  if (await close.isVisible().catch(() => false)) {
    await close.click().catch(() => {});
  }
}

console.log(`pictures of trace ${traceId} written to ${out}`);
