// Long tier of the reliability suite: load pages that carry stored and reflected XSS payloads
// in headless Chromium; no dialog may fire. Usage: node xss_soak.mjs BASE_URL PATHS_JSON
import { chromium } from "playwright-core";

const [base, pathsJson] = process.argv.slice(2);
const paths = JSON.parse(pathsJson);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox"],
});
const page = await browser.newPage();
let dialogs = 0;
const fired = [];
page.on("dialog", async (dialog) => {
  dialogs += 1;
  fired.push(dialog.message());
  await dialog.dismiss();
});
let loaded = 0;
for (const path of paths) {
  await page.goto(base + path, { waitUntil: "load" });
  await page.waitForTimeout(50);
  loaded += 1;
}
await browser.close();
console.log(JSON.stringify({ loaded, dialogs, fired }));
