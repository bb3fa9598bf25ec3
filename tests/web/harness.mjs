// Shared set-up of the browser tests: the built `reasonrl` command, a headless Chromium (Debian's package) driven by
// playwright-core, run folders copied from fixtures/ into a temporary folder (the tests append to them), and a page
// wrapper that records console errors and every request, so a test can assert that none failed or left the machine.
import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const artifacts = process.env.REASONRL_WEB_ARTIFACTS || path.join(repo, "tests/web/artifacts");
const dll = process.env.REASONRL_DLL || path.join(repo, "src/ReasonRL.Cli/bin/Release/net10.0/linux-x64/reasonrl.dll");
const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";

/** Runs `reasonrl ARGS` to completion; returns its standard output. */
export function reasonrl(...args) {
  return execFileSync("dotnet", [dll, ...args, "--no-progress"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/** Starts `reasonrl serve FOLDER --port 0`; resolves with the address it prints and a stop function. */
export function serve(folder, ...extra) {
  return new Promise((resolve, reject) => {
    const child = spawn("dotnet", [dll, "serve", folder, "--port", "0", "--no-progress", ...extra], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "", err = "";
    const timer = setTimeout(() => { child.kill(); reject(new Error(`serve printed no address in 60 s: ${err}`)); }, 60_000);
    child.stdout.on("data", (d) => {
      out += d;
      const match = out.match(/^(http:\/\/\S+)\n/m);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1], stop: () => new Promise((done) => { child.once("exit", done); child.kill("SIGINT"); }), log: () => err });
      }
    });
    child.stderr.on("data", (d) => { err += d; });
    child.once("exit", (code) => { clearTimeout(timer); reject(new Error(`serve exited with ${code}: ${err}`)); });
  });
}

/** A fresh copy of fixtures/runs, plus a second run (the demo with other numbers) to compare with. */
export function runsFolder() {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "reasonrl-web-"));
  fs.cpSync(path.join(repo, "tests/web/fixtures/runs"), folder, { recursive: true });
  const other = path.join(folder, "demo-lr3e-4");
  fs.cpSync(path.join(folder, "demo"), other, { recursive: true });
  const metrics = path.join(other, "grpo/metrics.jsonl");
  const lines = fs.readFileSync(metrics, "utf8").trim().split("\n").map((l) => JSON.parse(l));
  fs.writeFileSync(metrics, lines.map((row) => JSON.stringify(Object.fromEntries(Object.entries(row)
    .map(([k, v]) => [k, typeof v === "number" && k !== "step" ? v * (1 + row.step / 40) : v])))).join("\n") + "\n");
  return folder;
}

/** One metrics line of a step, as a trainer writes it. */
export function metricsLine(step, values) {
  return JSON.stringify({ step, ...values }) + "\n";
}

let browser;
export async function launch() {
  browser ??= await chromium.launch({ executablePath: chromiumPath, args: ["--no-sandbox", "--disable-gpu"] });
  return browser;
}
export async function close() {
  await browser?.close();
  browser = undefined;
}

/** A page that records console errors, page errors, failed requests and every requested host. */
export async function openPage(url, viewport = { width: 1400, height: 900 }) {
  const context = await (await launch()).newContext({ viewport });
  const page = await context.newPage();
  const problems = [];
  const hosts = new Set();
  page.on("console", (m) => { if (m.type() === "error") problems.push(`console: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  // A reload or a closed page cancels requests in flight (net::ERR_ABORTED): that is no failure of the page.
  page.on("requestfailed", (r) => { if (r.failure()?.errorText !== "net::ERR_ABORTED") problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`); });
  page.on("request", (r) => { if (!r.url().startsWith("data:")) hosts.add(new URL(r.url()).host || "file"); });
  await page.goto(url);
  return { page, problems, hosts, close: () => context.close() };
}

export async function screenshot(page, name, fullPage = false) {
  fs.mkdirSync(artifacts, { recursive: true });
  const file = path.join(artifacts, name);
  await page.screenshot({ path: file, fullPage });
  return file;
}
