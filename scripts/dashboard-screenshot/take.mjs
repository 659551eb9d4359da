// Takes the README pictures of the local receiver's UI: one event's trace, the logs of that trace, and the entity
// view's page of the FRB event with the most errors (its provenance graph, operations and errors).
// Usage: node take.mjs <dashboard-url> <output-folder> [<entity-view-url>]
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const [base, out, entities] = process.argv.slice(2);
if (!base || !out) {
  console.error('usage: node take.mjs <dashboard-url> <output-folder> [<entity-view-url>]');
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

  if (entities) {
    const eventId = await eventWithMostErrors(entities);
    await page.goto(new URL(`entity?id=${encodeURIComponent(eventId)}`, entities).href, { waitUntil: 'load' });
    await page.locator('svg.provenance g.node').first().waitFor({ timeout: 30000 });
    // The page down to its errors: the graph from the raw data blocks through the beams, the operations, the errors.
    const bottom = await page.evaluate(() => document.querySelector('#errors').getBoundingClientRect().bottom + window.scrollY + 16);
    await page.screenshot({ path: join(out, 'entity-view-event.png'), fullPage: true, clip: { x: 0, y: 0, width: 1600, height: bottom } });
    console.log(`picture of the entity view of ${eventId} written to ${out}`);
  }
} finally {
  await browser.close();
}
async function eventWithMostErrors(entities) {
  const list = await (await fetch(new URL('api/entities?type=event&error=true&size=500', entities))).json();
  let best = null;
  for (const { id } of list.entities) {
    const entity = await (await fetch(new URL(`api/entity?id=${encodeURIComponent(id)}`, entities))).json();
    const score = entity.errors.length * 100 + entity.operations.filter(o => o.failed).length;
    if (!best || score > best.score) best = { id, score };
  }
  if (!best) {
    console.error('no event with an error at ' + entities);
    process.exit(1);
  }
  return best.id;
}

async function dismissBanner(page) {
  const close = page.getByRole('button', { name: /close|dismiss/i }).first();
  if (await close.isVisible().catch(() => false)) {
    await close.click().catch(() => {});
  }
}

console.log(`pictures of trace ${traceId} written to ${out}`);
