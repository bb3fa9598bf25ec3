// `reasonrl serve` in a real browser: the run list, curves that grow while a run writes metrics, runs overlaid,
// samples filtered, and nothing fetched from anywhere but the server on loopback.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { serve, runsFolder, metricsLine, openPage, screenshot, close } from "./harness.mjs";

let runs, server;

before(async () => {
  runs = runsFolder();
  server = await serve(runs);
});

after(async () => {
  await server?.stop();
  await close();
});

const chart = (page, metric) => page.locator(`.chart[data-metric="${metric}"]`);
async function waitFor(condition, what, seconds = 8) {
  const end = Date.now() + (seconds * 1000);
  while (Date.now() < end) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.fail(`not within ${seconds} s: ${what}`);
}

test("serve listens on loopback by default and prints its address", () => {
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
});

test("the API refuses paths outside the runs folder", async () => {
  for (const id of ["../../etc", "/etc", "demo/../../x", "demo\\grpo"]) {
    const response = await fetch(`${server.url}api/metrics?series=${encodeURIComponent(id)}`);
    assert.equal(response.status, 404, id);
  }
});

test("the page lists the runs and opens the latest one without console errors", async () => {
  const view = await openPage(server.url);
  try {
    const { page } = view;
    await page.locator("#run-list li").first().waitFor();
    assert.equal(await page.locator("#run-list li").count(), 2);
    await page.locator("#view").waitFor();
    await chart(page, "reward").locator("canvas").waitFor();
    assert.ok(await page.locator(".chart canvas").count() >= 6, "headline charts drawn");
    assert.match(await page.locator("#findings").innerText(), /held-out pass@1 .* → /);
    assert.deepEqual(view.problems, []);
  } finally {
    await view.close();
  }
});

test("only the server itself is asked for anything: the chart library is served, not fetched from a CDN", async () => {
  const view = await openPage(server.url);
  try {
    await chart(view.page, "reward").locator("canvas").waitFor();
    assert.deepEqual([...view.hosts], [new URL(server.url).host]);
    assert.equal(await view.page.evaluate(() => typeof uPlot), "function");
  } finally {
    await view.close();
  }
});

test("a metrics line appended to a run shows up within seconds, without a reload", async () => {
  const view = await openPage(`${server.url}#runs=demo`);
  try {
    const { page } = view;
    await chart(page, "reward").waitFor();
    await waitFor(async () => (await chart(page, "reward").getAttribute("data-last-step")) === "16", "the fixture's 16 steps drawn");
    const before = Number(await chart(page, "reward").getAttribute("data-points"));
    const appended = Date.now();
    fs.appendFileSync(path.join(runs, "demo/grpo/metrics.jsonl"), metricsLine(17, { reward: 0.95, pass_rate: 0.9, kl: 0.005 }));
    await waitFor(async () => (await chart(page, "reward").getAttribute("data-last-step")) === "17", "step 17 on the reward chart", 5);
    const seconds = (Date.now() - appended) / 1000;
    assert.equal(Number(await chart(page, "reward").getAttribute("data-points")), before + 1);
    assert.match(await page.locator("#steps").innerText(), /last logged step 17/);
    assert.ok(seconds < 5, `${seconds} s`);
    // A line still being written (no newline yet) waits for its end.
    fs.appendFileSync(path.join(runs, "demo/grpo/metrics.jsonl"), '{"step":18,"rew');
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal(await chart(page, "reward").getAttribute("data-last-step"), "17");
    fs.appendFileSync(path.join(runs, "demo/grpo/metrics.jsonl"), 'ard":0.97}\n');
    await waitFor(async () => (await chart(page, "reward").getAttribute("data-last-step")) === "18", "step 18 once its line is complete", 5);
    assert.ok(await page.locator("#run-list li[data-run=demo] .dot.live").count() === 1, "the run being written is marked live");
    assert.deepEqual(view.problems, []);
    await screenshot(page, "live-view.png");
  } finally {
    await view.close();
  }
});

test("a run that starts while the page is open appears in the list", async () => {
  const view = await openPage(server.url);
  try {
    const { page } = view;
    await page.locator("#run-list li").first().waitFor();
    const fresh = path.join(runs, "fresh-run");
    fs.mkdirSync(path.join(fresh, "grpo"), { recursive: true });
    fs.writeFileSync(path.join(fresh, "recipe.resolved.yaml"), "name: fresh-run\ndescription: Started after the page opened.\n");
    fs.writeFileSync(path.join(fresh, "grpo/metrics.jsonl"), metricsLine(1, { reward: 0.1 }));
    await page.locator("#run-list li[data-run=fresh-run]").waitFor({ timeout: 5000 });
    assert.match(await page.locator("#run-list li[data-run=fresh-run]").innerText(), /Started after the page opened/);
  } finally {
    await view.close();
  }
});

test("ticking a second run overlays both on every chart", async () => {
  const view = await openPage(`${server.url}#runs=demo`);
  try {
    const { page } = view;
    await chart(page, "reward").locator("canvas").waitFor();
    await page.locator("#run-list li[data-run=demo-lr3e-4] input").check();
    await waitFor(async () => (await page.locator("#legend span").count()) === 2, "a legend of two runs");
    assert.equal(await page.locator("#title").innerText(), "Comparing 2 runs");
    assert.deepEqual(await page.locator("#legend span").allInnerTexts(), ["demo", "demo-lr3e-4"]);
    // uPlot's own legend under each chart: the x series plus one per run.
    await waitFor(async () => (await chart(page, "reward").locator(".u-legend .u-series").count()) === 3, "two curves on the reward chart");
    assert.match(page.url(), /#runs=demo,demo-lr3e-4/);
    assert.deepEqual(view.problems, []);
    await screenshot(page, "compare-view.png");
  } finally {
    await view.close();
  }
});

test("samples filter by outcome, step and reward", async () => {
  const view = await openPage(`${server.url}#runs=demo-lr3e-4`);
  try {
    const { page } = view;
    await page.locator("#samples .card").first().waitFor();
    const total = Number((await page.locator("#sample-count").innerText()).match(/of (\d+) samples/)[1]);
    await page.locator("#sample-outcome").selectOption("correct");
    const correct = Number((await page.locator("#sample-count").innerText()).match(/^(\d+) of/)[1]);
    assert.ok(correct > 0 && correct < total, `${correct} of ${total}`);
    assert.deepEqual([...new Set(await page.locator("#samples .card").evaluateAll((cards) => cards.map((c) => c.dataset.outcome)))], ["correct"]);
    await page.locator("#sample-step").selectOption("16");
    assert.deepEqual([...new Set(await page.locator("#samples .card").evaluateAll((cards) => cards.map((c) => c.dataset.step)))], ["16"]);
    await page.locator("#sample-outcome").selectOption("");
    await page.locator("#sample-step").selectOption("");
    await page.locator("#sample-reward").fill("1");
    const rewards = await page.locator("#samples .card .card-head").allInnerTexts();
    assert.ok(rewards.length > 0 && rewards.every((t) => Number(t.match(/reward (\S+)/)[1]) >= 1), rewards.join(" | "));
    assert.match(await page.locator("#sample-count").innerText(), new RegExp(`^${rewards.length} of ${total} samples$`));
    await page.locator("#sample-filters").scrollIntoViewIfNeeded();
    await screenshot(page, "samples-filtered.png");
  } finally {
    await view.close();
  }
});

test("every metric can be shown, and the view survives a reload through its address", async () => {
  const view = await openPage(`${server.url}#runs=demo`);
  try {
    const { page } = view;
    await chart(page, "reward").locator("canvas").waitFor();
    const headline = await page.locator(".chart").count();
    await page.locator("#all-metrics").check();
    await waitFor(async () => (await page.locator(".chart").count()) > headline, "more charts with every metric");
    assert.ok(await chart(page, "time/sampling").count() === 1);
    await page.reload();
    await chart(page, "time/sampling").locator("canvas").waitFor();
    assert.equal(await page.locator("#all-metrics").isChecked(), true);
    assert.deepEqual(view.problems, []);
  } finally {
    await view.close();
  }
});
