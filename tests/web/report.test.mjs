// `reasonrl report` in a real browser: the page a person opens after a run, story first, self-contained.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { reasonrl, runsFolder, openPage, screenshot, close } from "./harness.mjs";

let run, html, view;

before(async () => {
  run = path.join(runsFolder(), "demo");
  reasonrl("report", run);
  html = fs.readFileSync(path.join(run, "report.html"), "utf8");
  view = await openPage("file://" + path.join(run, "report.html"), { width: 1280, height: 900 });
});

after(async () => {
  await view?.close();
  await close();
});

test("the report is one small self-contained file: no script, nothing fetched", () => {
  assert.ok(html.length < 300_000, `report.html is ${html.length} bytes`);
  assert.doesNotMatch(html, /<script/);
  assert.doesNotMatch(html, /(src|href)="https?:/);
  assert.deepEqual([...view.hosts], ["file"]);
});

test("the report loads without console errors", () => {
  assert.deepEqual(view.problems, []);
});

test("the first screen answers the run's question: description, finding, headline numbers", async () => {
  const { page } = view;
  assert.match(await page.locator(".lead").innerText(), /GRPO steps/);
  const finding = await page.locator(".findings li").first().innerText();
  assert.match(finding, /held-out pass@1 \d+\.\d% → \d+\.\d% \(base_eval → final_eval\)/);
  const found = await page.locator("#found").boundingBox();
  const cards = page.locator(".cards .num");
  assert.ok(await cards.count() >= 4, "at least four headline numbers");
  const lastCard = await cards.last().boundingBox();
  assert.ok(found.y < 900 && lastCard.y + lastCard.height < 900, "the finding and its numbers are on the first screen");
  await screenshot(page, "report-first-screen.png");
});

test("numbers are written for people: percentages, durations, FLOPs with a prefix", async () => {
  const cards = await view.page.locator(".cards").innerText();
  assert.match(cards, /\d+\.\d%/);
  assert.match(cards, /\d+ min \d\d s/);
  assert.match(cards, /\d+(\.\d+)? [kMGTP]FLOP/);
  assert.doesNotMatch(await view.page.locator("body").innerText(), /compute\/flops = \d{6,}/);
});

test("headline curves are drawn, held-out pass@1 first", async () => {
  const charts = view.page.locator("#curves ~ .charts").first().locator("svg.chart");
  assert.ok(await charts.count() >= 6, `${await charts.count()} headline charts`);
  assert.equal(await charts.first().getAttribute("aria-label"), "eval/pass@1");
  assert.ok(await view.page.locator("svg.chart polyline").count() >= 6);
});

test("samples from early and late training sit side by side with verdicts and step marks", async () => {
  const { page } = view;
  const columns = page.locator(".side > div");
  assert.equal(await columns.count(), 2);
  assert.match(await columns.nth(0).locator("h4").innerText(), /^Early: step 1/);
  assert.match(await columns.nth(1).locator("h4").innerText(), /^Late: step 16/);
  assert.ok(await page.locator(".card .badge.ok").count() > 0);
  assert.ok(await page.locator(".card .mark").count() > 0, "steps checked by the verifier are marked");
  const [early, late] = [await columns.nth(0).boundingBox(), await columns.nth(1).boundingBox()];
  assert.ok(late.x > early.x + early.width - 1, "late samples are to the right of early ones");
});

test("details are grouped and collapsed until opened", async () => {
  const { page } = view;
  const recipe = page.locator("details", { has: page.locator("summary", { hasText: "Resolved recipe" }) });
  assert.equal(await recipe.getAttribute("open"), null);
  assert.equal(await recipe.locator("pre").isVisible(), false);
  await recipe.locator("summary").click();
  assert.match(await recipe.locator("pre").innerText(), /name: demo/);
  const stage = page.locator("details", { has: page.locator(":scope > summary", { hasText: "Stage grpo: every curve" }) });
  await stage.locator(":scope > summary").click();
  assert.ok(await stage.locator("details > summary", { hasText: "completions/" }).count() === 1, "metrics grouped by prefix");
  await screenshot(page, "report-full.png", true);
});
