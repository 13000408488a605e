// Browser test of the workbench in Debian's Chromium (no browser download).
// Run by tests/web/test_browser.py with CABLEGRAPH_URL, ARTIFACTS and XSS_DOC set.
import { chromium } from "playwright-core";

const base = process.env.CABLEGRAPH_URL;
const artifacts = process.env.ARTIFACTS;
const xssDoc = process.env.XSS_DOC;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"],
});
const results = [];
const dialogs = [];
function check(name, ok, detail = "") { results.push({ name, ok: Boolean(ok), detail }); }
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on("dialog", async (dialog) => { dialogs.push(dialog.message()); await dialog.dismiss(); });

  await page.goto(base + "/");
  await page.fill("header input[name=q]", "Stalin");
  await page.click("header button[type=submit]");
  await page.waitForSelector("li.hit");
  const hits = await page.locator("li.hit").count();
  check("search Stalin shows hits", hits > 0, `${hits} hits`);
  await page.screenshot({ path: `${artifacts}/search-stalin.png`, fullPage: true });

  await page.goto(base + "/documents/" + encodeURIComponent("wda:110374"));
  const table = page.locator("table.side-by-side");
  check("seed 001 has the side-by-side table", await table.count() === 1);
  const left = await page.locator("table.side-by-side tbody tr td:first-child").allInnerTexts();
  const right = await page.locator("table.side-by-side tbody tr td:last-child").allInnerTexts();
  check("Russian original on the left", left.join(" ").includes("Ваши телеграммы о перемирии получены"));
  check("English translation on the right", right.join(" ").includes("Your telegrams about an armistice"));
  await page.screenshot({ path: `${artifacts}/document-110374.png`, fullPage: true });

  await page.locator("section.people a.person", { hasText: "Mao Zedong" }).first().click();
  await page.waitForSelector("h1");
  check("Mao Zedong's page opens", (await page.locator("h1").innerText()).trim() === "Mao Zedong");
  await page.waitForSelector("svg#network[data-drawn]", { timeout: 15000 });
  const drawn = Number(await page.locator("svg#network").getAttribute("data-drawn"));
  check("his network is drawn", drawn > 1, `${drawn} people`);
  await page.screenshot({ path: `${artifacts}/entity-mao-zedong.png`, fullPage: true });

  await page.goto(base + "/documents/" + encodeURIComponent(xssDoc));
  await page.waitForTimeout(500);
  const text = await page.locator("article").innerText();
  check("payloads are shown as text", text.includes("<script>alert(1)</script>") && text.includes("onerror"));
  check("no injected element exists", await page.locator("article img[src=x]").count() === 0);
  await page.goto(base + "/search?q=" + encodeURIComponent("<img src=x onerror=alert(2)>"));
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${artifacts}/xss.png`, fullPage: true });
  check("no dialog ever opened", dialogs.length === 0, dialogs.join("; "));
} catch (error) {
  check("browser run", false, String(error));
} finally {
  await browser.close();
}
console.log(JSON.stringify(results));
process.exit(results.every((r) => r.ok) ? 0 : 1);
