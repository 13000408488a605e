// The historian's journeys through the workbench in Debian's Chromium (no browser download):
// search → sender facet → a second facet → document → cite (download RIS, read it back) →
// person (CJK names drawn, not boxes) → network (click an edge, see its documents) →
// timeline (zoom, open an event) → /docs; the XSS payload pages stay inert; no console
// error anywhere. Run by tests/web/test_browser.py with CABLEGRAPH_URL, ARTIFACTS, XSS_DOC.
import { readFileSync } from "node:fs";
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
const consoleErrors = [];
function check(name, ok, detail = "") { results.push({ name, ok: Boolean(ok), detail: String(detail).slice(0, 500) }); }
async function shot(page, name) { await page.screenshot({ path: `${artifacts}/${name}.png`, fullPage: true }); }

try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  page.on("dialog", async (dialog) => { dialogs.push(dialog.message()); await dialog.dismiss(); });
  page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") consoleErrors.push(`${page.url()}: ${m.type()}: ${m.text()}`); });
  page.on("pageerror", (e) => consoleErrors.push(`${page.url()}: pageerror: ${e.message}`));
  page.on("response", (r) => { if (r.status() >= 400) consoleErrors.push(`HTTP ${r.status()} ${r.url()}`); });

  // 1. Search from the header.
  await page.goto(base + "/");
  await page.fill("header input[name=q]", "Stalin");
  await page.click("header button[type=submit]");
  await page.waitForSelector("li.hit");
  const hits = await page.locator("li.hit").count();
  check("search Stalin shows hits", hits > 0, `${hits} hits`);
  await shot(page, "search-stalin");

  // 2. Sender facet, then a second facet: two chips, fewer or equal results, all kept.
  const total = async () => Number((await page.locator("p.count").innerText()).match(/^(\d+)/)[1]);
  const before = await total();
  const sender = page.locator('ul.facet[data-facet="sender"] a').first();
  const senderName = await sender.getAttribute("data-value");
  await Promise.all([page.waitForURL(/f=sender/), sender.click()]);
  const afterSender = await total();
  check("sender facet narrows and shows a chip", afterSender <= before && (await page.locator("li.chip").count()) === 1, `${senderName}: ${before} → ${afterSender}`);
  const second = page.locator('ul.facet[data-facet="year"] a, ul.facet[data-facet="type"] a').first();
  await Promise.all([page.waitForURL(/f=.*f=/), second.click()]);
  const afterSecond = await total();
  check("a second facet combines with the first", (await page.locator("li.chip").count()) === 2 && afterSecond <= afterSender, `${afterSender} → ${afterSecond}`);
  await shot(page, "search-two-facets");

  // 3. Open a result.
  await Promise.all([page.waitForURL(/\/documents\//), page.locator("li.hit a.title").first().click()]);
  check("a result opens its document", (await page.locator("article.document h1").count()) === 1, page.url());

  // 4. The seed document: the text once, aligned; canonical URL; download RIS and read it back.
  await page.goto(base + "/documents/" + encodeURIComponent("wda:110374"));
  const left = await page.locator("table.side-by-side tbody tr td:first-child").allInnerTexts();
  const right = await page.locator("table.side-by-side tbody tr td:last-child").allInnerTexts();
  check("Russian original on the left", left.join(" ").includes("Ваши телеграммы о перемирии получены"));
  check("English translation on the right", right.join(" ").includes("Your telegrams about an armistice"));
  const bodyText = await page.locator("article").innerText();
  check("the text appears once", bodyText.split("Ваши телеграммы о перемирии получены").length === 2);
  check("the archive's canonical URL is shown", (await page.locator("a.canonical").getAttribute("href")) === "https://digitalarchive.wilsoncenter.org/document/110374");
  await shot(page, "document-110374");
  const [download] = await Promise.all([page.waitForEvent("download"), page.click('a.download[data-format="ris"]')]);
  const ris = readFileSync(await download.path(), "utf-8");
  check("the RIS download reads back", /^TY {2}- PCOMM/m.test(ris) && /^AU {2}- Stalin/m.test(ris) && /^ER {2}-/m.test(ris), ris.slice(0, 200));

  // 5. The person page: ego network drawn, correspondents listed, Chinese drawn as glyphs.
  await Promise.all([page.waitForURL(/\/entities\//), page.locator("section.people a.person", { hasText: "Mao Zedong" }).first().click()]);
  check("Mao Zedong's page opens", (await page.locator("h1").innerText()).trim() === "Mao Zedong");
  await page.waitForSelector("#network[data-drawn]", { timeout: 20000 });
  const drawn = Number(await page.locator("#network").getAttribute("data-drawn"));
  check("his network is drawn", drawn > 1, `${drawn} nodes`);
  const correspondents = await page.locator("section.correspondents tbody tr").count();
  check("his correspondents are listed", correspondents > 0, `${correspondents}`);
  const glyphs = await page.evaluate(() => {
    const cell = [...document.querySelectorAll('td[lang="zh"]')].find((td) => /\p{Script=Han}/u.test(td.textContent));
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = 64;
    const g = canvas.getContext("2d", { willReadFrequently: true });
    const draw = (ch) => { g.clearRect(0, 0, 64, 64); g.font = "40px " + getComputedStyle(cell).fontFamily; g.fillText(ch, 4, 48); return g.getImageData(0, 0, 64, 64).data; };
    const a = draw("毛"), b = draw("泽");
    const ink = a.reduce((n, v, i) => n + (i % 4 === 3 && v > 0 ? 1 : 0), 0);
    let differ = 0;
    for (let i = 3; i < a.length; i += 4) if (a[i] !== b[i]) differ += 1;
    return { text: cell.textContent, family: getComputedStyle(cell).fontFamily, ink, differ };
  });
  check("Chinese names are drawn as glyphs, not boxes", glyphs.ink > 50 && glyphs.differ > 50, JSON.stringify(glyphs));
  await shot(page, "entity-mao-zedong");

  // 6. The network: click the heaviest edge, see its documents, open one.
  await page.goto(base + "/network");
  await page.waitForSelector("#network[data-drawn]", { timeout: 30000 });
  const edge = await page.evaluate(() => {
    const cy = window.cablegraphNetwork;
    // the heaviest edge whose midpoint no node covers (a click there is on the edge)
    const clear = (m) => cy.nodes().every((n) => { const p = n.renderedPosition(); return Math.hypot(p.x - m.x, p.y - m.y) > n.renderedWidth() / 2 + 12; });
    // and that no other edge passes near (its straight course from end to end, and its midpoint)
    const away = (m, a, b) => { const dx = b.x - a.x, dy = b.y - a.y, t = Math.max(0, Math.min(1, ((m.x - a.x) * dx + (m.y - a.y) * dy) / (dx * dx + dy * dy || 1))); return Math.hypot(m.x - a.x - t * dx, m.y - a.y - t * dy); };
    const apart = (x) => cy.edges().every((o) => o === x || (Math.hypot(o.renderedMidpoint().x - x.renderedMidpoint().x, o.renderedMidpoint().y - x.renderedMidpoint().y) > 16 && away(x.renderedMidpoint(), o.source().renderedPosition(), o.target().renderedPosition()) > 12));
    const e = cy.edges().sort((a, b) => b.data("count") - a.data("count")).filter((x) => clear(x.renderedMidpoint()) && apart(x))[0];
    const m = e.renderedMidpoint();
    const r = document.getElementById("network").getBoundingClientRect();
    return { x: r.left + m.x, y: r.top + m.y, key: e.source().id() + "→" + e.target().id(), documents: e.data("documents").length, visible: cy.edges(":visible").length };
  });
  await page.mouse.click(edge.x, edge.y);
  await page.waitForSelector("#edge-documents:not([hidden]) li a", { timeout: 5000 });
  const listed = await page.locator("#edge-documents li a").count();
  const opened = await page.locator("#edge-documents").getAttribute("data-edge");
  check("clicking an edge lists its documents", opened === edge.key && listed === edge.documents && listed > 0, `${opened}: ${listed} of ${edge.key}: ${edge.documents}`);
  await shot(page, "network-edge");
  const allEdges = Number(await page.locator("#network").getAttribute("data-visible-edges"));
  await page.locator("#time-slider").fill("0");
  const firstMonth = Number(await page.locator("#network").getAttribute("data-visible-edges"));
  check("the time slider shows the network month by month", firstMonth > 0 && firstMonth < allEdges, `${firstMonth} of ${allEdges} edges, ${await page.locator("#time-label").innerText()}`);
  await page.locator("#time-slider").fill(await page.locator("#time-slider").getAttribute("max"));
  const copies = await page.evaluate(() => window.cablegraphNetwork.edges('[kind = "copy"]').length);
  await page.locator('input[data-filter="edge"][value="copy"]').uncheck();
  const noCopies = Number(await page.locator("#network").getAttribute("data-visible-edges"));
  check("a filter hides the copies", copies > 0 && noCopies === allEdges - copies, `${allEdges} - ${copies} copies = ${noCopies}`);
  await page.locator('input[data-filter="edge"][value="copy"]').check();
  const [png] = await Promise.all([page.waitForEvent("download"), page.click("#export-png")]);
  const pngBytes = readFileSync(await png.path());
  check("the network downloads as PNG", pngBytes.subarray(1, 4).toString() === "PNG" && pngBytes.length > 5000, `${pngBytes.length} bytes`);
  const [svgFile] = await Promise.all([page.waitForEvent("download"), page.click("#export-svg")]);
  const svgText = readFileSync(await svgFile.path(), "utf-8");
  check("the network downloads as SVG", svgText.startsWith("<svg") && (svgText.match(/<line /g) || []).length === edge.visible, `${svgText.length} chars`);
  const [gexf] = await Promise.all([page.waitForEvent("download"), page.click('a[data-export="gexf"]')]);
  check("the network downloads as GEXF", readFileSync(await gexf.path(), "utf-8").includes("<gexf"), gexf.suggestedFilename());
  await Promise.all([page.waitForURL(/\/documents\//), page.locator("#edge-documents li a").first().click()]);
  check("an edge's document opens", (await page.locator("article.document h1").count()) === 1, page.url());

  // 7. The timeline: zoom in, open an event.
  await page.goto(base + "/timeline");
  await page.waitForSelector("#timeline[data-drawn]", { timeout: 20000 });
  const span = async () => Number(await page.locator("#timeline").getAttribute("data-span-days"));
  const wide = await span();
  await page.click("#zoom-in");
  await page.click("#zoom-in");
  const narrow = await span();
  check("the timeline zooms", narrow < wide / 3, `${wide} → ${narrow} days`);
  await page.click("#zoom-fit");
  await shot(page, "timeline");
  const event = page.locator("#timeline a.event-link").first();
  await Promise.all([page.waitForURL(/\/documents\//), event.click()]);
  check("a timeline event opens its document", (await page.locator("article.document h1").count()) === 1, page.url());

  // 8. The API reference, served locally.
  await page.goto(base + "/docs");
  await page.waitForSelector(".opblock", { timeout: 20000 });
  const operations = await page.locator(".opblock").count();
  check("/docs shows the API operations", operations >= 10, `${operations}`);
  await shot(page, "docs");

  // 9. A curator signs in, annotates a document through its form, and sees the audit trail.
  if (process.env.CURATOR_TOKEN) {
    await page.goto(base + "/documents/" + encodeURIComponent("wda:110371"));
    await Promise.all([page.waitForURL(/\/curator\/login/), page.click("a.curator-login")]);
    await page.fill("input[name=token]", process.env.CURATOR_TOKEN);
    await Promise.all([page.waitForURL(/\/documents\//), page.click("form.curator-form button[type=submit]")]);
    const note = "Browser note " + Date.now();
    await page.fill('form[data-action="annotate"] input[name=text]', note);
    await Promise.all([page.waitForURL(/#curation$/), page.click('form[data-action="annotate"] button[type=submit]')]);
    const notes = await page.locator("section.notes").innerText();
    const audit = await page.locator("table.audit").innerText();
    check("a curator's note is saved through the form", notes.includes(note), notes);
    check("the audit trail shows it", audit.includes("annotate") && audit.includes("curator (browser)"), audit.slice(0, 300));
    await shot(page, "curation");
    await page.click('form[action="/curator/logout"] button');
  }

  // 10. Stored and reflected XSS payloads stay text.
  await page.goto(base + "/documents/" + encodeURIComponent(xssDoc));
  await page.waitForTimeout(500);
  const text = await page.locator("article").innerText();
  check("payloads are shown as text", text.includes("<script>alert(1)</script>") && text.includes("onerror"));
  check("no injected element exists", await page.locator("article img[src=x]").count() === 0);
  await page.goto(base + "/search?q=" + encodeURIComponent("<img src=x onerror=alert(2)>"));
  await page.waitForTimeout(300);
  await shot(page, "xss");
  check("no dialog ever opened", dialogs.length === 0, dialogs.join("; "));
  check("no console error or failed request anywhere", consoleErrors.length === 0, consoleErrors.join(" | "));
} catch (error) {
  check("browser run", false, String(error));
} finally {
  await browser.close();
}
console.log(JSON.stringify(results));
process.exit(results.every((r) => r.ok) ? 0 : 1);
