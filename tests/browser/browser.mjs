// Browser test of haicap's web pages: Debian's Chromium, headless, driven by
// playwright-core. Starts `haicap serve` on a demo database (loopback only),
// searches the catalog without diacritics (with and without JavaScript),
// signs in at the desk, receives a dossier, looks it up as a citizen, reads
// the city overview as a supervisor, and saves screenshots.
// Usage: node browser.mjs PATH/TO/haicap [SCREENSHOT_DIR]
// Last line: "N passed, M failed"; exit status 1 on any failure.
import { chromium } from "playwright-core";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";

const binary = resolve(process.argv[2] || "build/haicap");
const shots = resolve(process.argv[3] || "docs/screenshots");
const PASSWORD = "haicap2025"; // demo accounts (src/domain/demo.h)
const RECEPTION = "tranlieu.motcua1";
const SUPERVISOR = "hp.giamsat";
const SPECIALIST = "tranlieu.chuyenvien1";
const LEADER = "tranlieu.chutich";
const OTHER_RECEPTION = "kimtra.motcua1"; // reception officer of another commune
const tmp = mkdtempSync(join(tmpdir(), "haicap-browser-"));
mkdirSync(shots, { recursive: true });

function startServer(db) {
  return new Promise((ok, fail) => {
    const p = spawn(binary, ["serve", "--db", db, "--listen", "127.0.0.1:0", "--threads", "4"], {
      stdio: ["ignore", "pipe", "ignore"],
    });
    const rl = createInterface({ input: p.stdout });
    rl.once("line", (line) => {
      const m = /^haicap listening on http:\/\/127\.0\.0\.1:(\d+)$/.exec(line.trim());
      if (m) ok({ proc: p, base: `http://127.0.0.1:${m[1]}` });
      else fail(new Error("server did not start: " + line));
    });
    p.once("exit", (c) => fail(new Error("server exited " + c)));
  });
}

function check(cond, msg) {
  if (!cond) throw new Error(msg);
}

// Polls cond from here: page.waitForFunction would evaluate a string in the
// page, which the Content-Security-Policy rightly refuses.
async function until(cond, what, ms = 8000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("timed out waiting for " + what);
}

const results = [];
async function scenario(name, fn) {
  try {
    await fn();
    results.push([name, true]);
    console.log("ok   " + name);
  } catch (e) {
    results.push([name, false]);
    console.log("FAIL " + name + "\n" + (e && e.stack ? e.stack : e));
  }
}

const db = join(tmp, "browser.db");
const demo = spawnSync(binary, ["demo", "--db", db, "--scale", "0.02", "--now", "2026-03-16T09:00"], {
  stdio: ["ignore", "ignore", "inherit"],
});
if (demo.status !== 0) {
  console.log("FAIL setup: haicap demo exited " + demo.status + "\n0 passed, 1 failed");
  process.exit(1);
}
const { proc, base } = await startServer(db);

const launch = (dir, js = true) =>
  chromium.launchPersistentContext(join(tmp, dir), {
    executablePath: process.env.HC_CHROMIUM || "/usr/bin/chromium",
    headless: true,
    javaScriptEnabled: js,
    viewport: { width: 1366, height: 768 },
    locale: "vi-VN",
    env: Object.assign({}, process.env, { LANG: "vi_VN.UTF-8", LANGUAGE: "vi" }),
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
      "--lang=vi",
    ],
  });

const pageErrors = [];
function watch(page) {
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) pageErrors.push(m.text());
  });
  page.on("pageerror", (e) => pageErrors.push("page error: " + e.message));
}

let receipt = null;
const staff = await launch("staff");
const citizen = await launch("citizen");
const nojs = await launch("nojs", false);
try {
  await scenario("catalog search as you type, without diacritics", async () => {
    const page = await citizen.newPage();
    watch(page);
    await page.goto(base + "/thu-tuc");
    const before = await page.locator("#ket-qua li").count();
    await page.fill("#q", "khai sinh");
    await until(async () => {
      const k = await page.locator("#ket-qua li").count();
      return k > 0 && k < before && /q=khai/.test(page.url());
    }, "live results");
    const names = await page.locator("#ket-qua li a").allTextContents();
    check(names.includes("Đăng ký khai sinh"), "results: " + names.join(" | "));
    check(names.every((n) => /khai sinh/i.test(n)), "unrelated result: " + names.join(" | "));
    await page.screenshot({ path: join(shots, "thu-tuc-tim-kiem.png"), fullPage: false });
    await page.close();
  });

  await scenario("catalog search and detail with JavaScript off", async () => {
    const page = await nojs.newPage();
    await page.goto(base + "/thu-tuc");
    await page.fill("#q", "DANG KY KET HON");
    await Promise.all([page.waitForNavigation(), page.click("form.search button[type=submit]")]);
    const names = await page.locator("#ket-qua li a").allTextContents();
    check(names.includes("Đăng ký kết hôn"), "results: " + names.join(" | "));
    await Promise.all([page.waitForNavigation(), page.click("text=Đăng ký kết hôn")]);
    check((await page.textContent("h1")).trim() === "Đăng ký kết hôn", "detail heading");
    check(/Tờ khai đăng ký kết hôn/.test(await page.textContent("main")), "components listed");
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(shots, "thu-tuc-dien-thoai.png"), fullPage: true });
    await page.close();
  });

  await scenario("staff sign-in lands on the reception home", async () => {
    const page = await staff.newPage();
    watch(page);
    await page.goto(base + "/trang-chu");
    check(page.url().endsWith("/dang-nhap"), "sent to sign-in: " + page.url());
    await page.fill("#username", RECEPTION);
    await page.fill("#password", PASSWORD);
    await Promise.all([page.waitForNavigation(), page.click("main button[type=submit]")]);
    check(page.url().endsWith("/trang-chu"), "home: " + page.url());
    check(await page.isVisible("a.card[href='/mot-cua']"), "desk card");
    await page.screenshot({ path: join(shots, "trang-chu-mot-cua.png"), fullPage: true });
    await page.close();
  });

  await scenario("reception desk receives a dossier", async () => {
    const page = await staff.newPage();
    watch(page);
    await page.goto(base + "/mot-cua");
    const before = await page.locator("#ket-qua tbody tr").count();
    await page.fill("#q", "khai sinh");
    await until(async () => {
      const k = await page.locator("#ket-qua tbody tr").count();
      return k > 0 && k < before;
    }, "live results at the desk");
    await Promise.all([page.waitForNavigation(),
      page.click("a[href='/mot-cua?thu-tuc=1.001193']")]);
    check((await page.textContent(".proc-head h2")).trim() === "Đăng ký khai sinh", "chosen");
    check(/Ngày hẹn trả kết quả/.test(await page.textContent(".confirm")), "due shown");
    // a refusal keeps what was typed and shows the message next to the field
    await page.fill("#cccd", "001203004567");
    await page.fill("#dien-thoai", "0912345678");
    await page.check("input[name=tp0][value=giay]");
    await page.check("input[name=tp1][value=so-hoa]");
    await Promise.all([page.waitForNavigation(), page.click("button.btn-large")]);
    check(await page.isVisible("#ten-loi"), "error next to the name");
    check((await page.inputValue("#cccd")) === "001203004567", "typed value kept");
    check(await page.isChecked("input[name=tp1][value=so-hoa]"), "ticks kept");
    await page.fill("#dia-chi", "Số 12 đường Lạch Tray, phường Trần Liễu");
    await page.screenshot({ path: join(shots, "mot-cua-tiep-nhan.png"), fullPage: true });
    await page.fill("#ten", "Nguyễn Thị Minh Hằng");
    await Promise.all([page.waitForNavigation(), page.click("button.btn-large")]);
    const code = (await page.textContent("#ma-ho-so")).trim();
    const secret = (await page.textContent("#ma-tra-cuu")).trim();
    check(/^TRANLIEU-\d{6}-\d{4}$/.test(code), "receipt code " + code);
    check(/^[A-Z2-9]{8}$/.test(secret), "secret " + secret);
    receipt = { code, secret };
    await page.screenshot({ path: join(shots, "mot-cua-giay-hen.png"), fullPage: true });
    // the next dossier of the same applicant: the ID number recalls the rest
    await page.goto(base + "/mot-cua?thu-tuc=1.001193");
    await page.fill("#ghi-chu", "Lần nộp thứ hai");
    await page.fill("#cccd", "001203004567");
    await Promise.all([page.waitForNavigation(), page.click("button[name=tim-nguoi-nop]")]);
    check((await page.inputValue("#ten")) === "Nguyễn Thị Minh Hằng", "name recalled");
    check((await page.inputValue("#dien-thoai")) === "0912345678", "phone recalled");
    check(/Lạch Tray/.test(await page.inputValue("#dia-chi")), "address recalled");
    check((await page.inputValue("#ghi-chu")) === "Lần nộp thứ hai", "note kept");
    check(new RegExp(code).test(await page.textContent(".notice-ok")), "recall names the dossier");
    // the new dossier heads the unit's list of newly received ones
    await page.goto(base + "/ho-so?loc=moi-tiep-nhan");
    const first = (await page.locator("table.data tbody tr td.mono").first().textContent()).trim();
    check(first === code, "newest first: " + first);
    await page.screenshot({ path: join(shots, "ho-so-moi-tiep-nhan.png"), fullPage: false });
    await Promise.all([page.waitForNavigation(), page.click(`a[href='/ho-so/${code}']`)]);
    check(/Nguyễn Thị Minh Hằng/.test(await page.textContent("main")), "staff view");
    await page.screenshot({ path: join(shots, "ho-so-chi-tiet.png"), fullPage: true });
    await page.close();
  });

  await scenario("citizen looks the dossier up", async () => {
    check(receipt, "no receipt from the desk");
    // the dossier moves on through the JSON API: assigned, then a supplement asked
    const api = async (path, body, token) => {
      const r = await fetch(base + path, {
        method: "POST",
        headers: Object.assign({ "Content-Type": "application/json" },
          token ? { Authorization: "Bearer " + token } : {}),
        body: JSON.stringify(body),
      });
      const text = await r.text();
      check(r.status < 300, path + ": " + r.status + " " + text);
      return JSON.parse(text);
    };
    const rec = (await api("/api/v1/sessions", { username: RECEPTION, password: PASSWORD })).token;
    const spec = (await api("/api/v1/sessions", { username: SPECIALIST, password: PASSWORD })).token;
    await api(`/api/v1/dossiers/${receipt.code}/actions`, { action: "assign", handler: SPECIALIST }, rec);
    await api(`/api/v1/dossiers/${receipt.code}/actions`, {
      action: "request_supplement",
      note: "Đề nghị bổ sung bản sao Giấy chứng sinh có chứng thực",
    }, spec);
    const page = await citizen.newPage();
    watch(page);
    await page.goto(base + "/tra-cuu");
    await page.fill("#ma", receipt.code);
    await page.fill("#mk", receipt.secret.toLowerCase());
    await Promise.all([page.waitForNavigation(), page.click("main button[type=submit]")]);
    const text = await page.textContent(".result");
    check(/Chờ bổ sung/.test(text) && /Đăng ký khai sinh/.test(text), "status shown: " + text);
    check(/Hồ sơ được tiếp nhận/.test(text) && /yêu cầu bổ sung hồ sơ/.test(text), "history shown");
    check(/bản sao Giấy chứng sinh có chứng thực/.test(text), "the note to the applicant");
    check(!/Nguyễn Thị Minh Hằng/.test(text), "no applicant data in the public view");
    await page.screenshot({ path: join(shots, "tra-cuu-ho-so.png"), fullPage: true });
    await page.close();
  });

  await scenario("citizen submits a dossier online with a PDF; it reaches the reception list", async () => {
    const page = await citizen.newPage();
    watch(page);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(base + "/thu-tuc/1.001193?don-vi=10528");
    await Promise.all([page.waitForNavigation(), page.click("a[href^='/nop-truc-tuyen/']")]);
    check(/Nộp hồ sơ trực tuyến/.test(await page.textContent("h1")), "form heading");
    await page.fill("#ten", "Phạm Thị Trực Tuyến");
    await page.fill("#cccd", "031190007777");
    await page.fill("#dien-thoai", "0987654321");
    await page.fill("#dia-chi", "Thôn Đông, phường Trần Liễu");
    const pdf = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
    await page.setInputFiles("#tep0", { name: "to-khai.pdf", mimeType: "application/pdf", buffer: pdf });
    await page.screenshot({ path: join(shots, "nop-truc-tuyen.png"), fullPage: true });
    // a text file named .pdf first: refused next to its field, typed fields kept
    await page.setInputFiles("#tep0", { name: "to-khai.pdf", mimeType: "application/pdf", buffer: Buffer.from("not a pdf") });
    await Promise.all([page.waitForNavigation(), page.click("main button[type=submit]")]);
    check(/Chỉ nhận tệp PDF, JPEG hoặc PNG/.test(await page.textContent("#tep0-loi")), "type refused");
    check((await page.inputValue("#ten")) === "Phạm Thị Trực Tuyến", "name kept");
    await page.setInputFiles("#tep0", { name: "to-khai.pdf", mimeType: "application/pdf", buffer: pdf });
    await Promise.all([page.waitForNavigation(), page.click("main button[type=submit]")]);
    const code = (await page.textContent("#ma-ho-so")).trim();
    check(/^TRANLIEU-\d{6}-\d{4}$/.test(code), "code " + code);
    check(/to-khai\.pdf/.test(await page.textContent("main")), "file listed");
    await page.screenshot({ path: join(shots, "nop-truc-tuyen-da-nop.png"), fullPage: true });
    await page.close();
    // the reception officer (signed in earlier) sees it among the new dossiers
    const desk = await staff.newPage();
    watch(desk);
    await desk.goto(base + "/ho-so?loc=moi-tiep-nhan");
    check((await desk.textContent("main")).includes(code), "in the reception list: " + code);
    // the dossier page lists the file; clicking it downloads the same bytes
    await desk.goto(base + "/ho-so/" + code);
    const link = desk.locator("ul.files a[href^='/ho-so/" + code + "/tep/']");
    check((await link.count()) === 1, "one attached file link");
    check((await link.textContent()).trim() === "to-khai.pdf", "file name shown");
    check(/PDF · \d+ byte/.test(await desk.textContent("ul.files")), "type and size shown");
    await desk.screenshot({ path: join(shots, "ho-so-tep-dinh-kem.png"), fullPage: true });
    const [download] = await Promise.all([desk.waitForEvent("download"), link.click()]);
    check(download.suggestedFilename() === "to-khai.pdf", "name " + download.suggestedFilename());
    const got = readFileSync(await download.path());
    check(Buffer.compare(got, pdf) === 0, "downloaded bytes differ: " + got.length);
    await desk.close();
  });

  await scenario("citizen saves a draft online, resumes it with code and secret, then submits", async () => {
    const page = await citizen.newPage();
    watch(page);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(base + "/nop-truc-tuyen/1.001193?don-vi=10528");
    await page.fill("#ten", "Đỗ Văn Lưu Nháp");
    await page.fill("#cccd", "031190008888");
    const pdf = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
    await page.setInputFiles("#tep0", { name: "to-khai-nhap.pdf", mimeType: "application/pdf", buffer: pdf });
    await Promise.all([page.waitForNavigation(), page.click("button[name='luu-nhap']")]);
    const code = (await page.textContent("#ma-nhap")).trim();
    const secret = (await page.textContent("#mk-nhap")).trim();
    check(/^TRANLIEU-NH-\d{6}-\d{4}$/.test(code), "draft code " + code);
    check(!page.url().includes(secret), "the secret is in no address");
    await page.screenshot({ path: join(shots, "nop-truc-tuyen-luu-nhap.png"), fullPage: true });
    // later: from the online form's link, with code and secret
    await page.goto(base + "/nop-truc-tuyen/1.001193?don-vi=10528");
    await Promise.all([page.waitForNavigation(), page.click("main a[href='/tiep-tuc-nop']")]);
    await page.fill("#ma", code);
    await page.fill("#mk", "ZZZZZZZZ");
    await Promise.all([page.waitForNavigation(), page.click("main button[type=submit]")]);
    check(/Không tìm thấy hồ sơ nháp/.test(await page.textContent("main")), "wrong secret refused");
    await page.fill("#mk", secret);
    await Promise.all([page.waitForNavigation(), page.click("main button[type=submit]")]);
    check(!page.url().includes(secret), "the secret is in no address");
    check((await page.inputValue("#ten")) === "Đỗ Văn Lưu Nháp", "name filled in from the draft");
    check(/Đã đính kèm: to-khai-nhap\.pdf/.test(await page.textContent("main")), "attached file named");
    await page.screenshot({ path: join(shots, "nop-truc-tuyen-tiep-tuc.png"), fullPage: true });
    await page.fill("#dien-thoai", "0987000111");
    await Promise.all([page.waitForNavigation(), page.click("main button[type=submit]")]);
    const dossier = (await page.textContent("#ma-ho-so")).trim();
    check(/^TRANLIEU-\d{6}-\d{4}$/.test(dossier), "dossier code " + dossier);
    check(/to-khai-nhap\.pdf/.test(await page.textContent("main")), "the draft's file submitted");
    await page.close();
    const desk = await staff.newPage();
    watch(desk);
    await desk.goto(base + "/ho-so?loc=moi-tiep-nhan");
    check((await desk.textContent("main")).includes(dossier), "in the reception list: " + dossier);
    await desk.close();
  });

  await scenario("supervisor reads the city overview, then signs out", async () => {
    const ctx = await launch("supervisor");
    try {
      const page = await ctx.newPage();
      watch(page);
      await page.goto(base + "/dang-nhap");
      await page.fill("#username", SUPERVISOR);
      await page.fill("#password", PASSWORD);
      await Promise.all([page.waitForNavigation(), page.click("main button[type=submit]")]);
      await Promise.all([page.waitForNavigation(), page.click("a.card[href='/tong-quan']")]);
      const rows = await page.locator("table.data tbody tr").count();
      check(rows >= 5, "rows " + rows);
      const unitsChart = await page.textContent("main svg.chart");
      check(/Hà Bắc/.test(unitsChart) && /%/.test(unitsChart), "units chart: " + unitsChart.slice(0, 200));
      await page.screenshot({ path: join(shots, "tong-quan-thanh-pho.png"), fullPage: true });
      await Promise.all([page.waitForNavigation(), page.click("header form button")]);
      await page.goto(base + "/trang-chu");
      check(page.url().endsWith("/dang-nhap"), "signed out: " + page.url());
    } finally {
      await ctx.close();
    }
  });

  await scenario("leader reads the unit's dashboard", async () => {
    const ctx = await launch("leader");
    try {
      const page = await ctx.newPage();
      watch(page);
      await page.goto(base + "/dang-nhap");
      await page.fill("#username", LEADER);
      await page.fill("#password", PASSWORD);
      await Promise.all([page.waitForNavigation(), page.click("main button[type=submit]")]);
      check(!(await page.isVisible("a.card[href='/mot-cua']")), "no desk for the leader");
      await Promise.all([page.waitForNavigation(), page.click("a.card[href='/bang-dieu-khien']")]);
      await page.fill("#tu", "2026-01-01");
      await page.fill("#den", "2026-03-16");
      await Promise.all([page.waitForNavigation(), page.click("main form button")]);
      const text = await page.textContent("main");
      check(/01\/01\/2026 đến 16\/03\/2026/.test(text), "period: " + text.slice(0, 300));
      check(/Tỷ lệ giải quyết đúng hạn/.test(text), "rates");
      // charts drawn by the server: months, fields, channels, Vietnamese labels
      const charts = await page.locator("main svg.chart").count();
      check(charts === 3, "charts " + charts);
      const months = await page.textContent("main svg.chart >> nth=0");
      check(/Tiếp nhận/.test(months) && /Đã giải quyết/.test(months), "month legend");
      check(/T1/.test(months) && /T2/.test(months) && /T3/.test(months), "month axis: " + months);
      const bars = await page.locator("main svg.chart >> nth=0 >> rect.s1").count();
      check(bars === 4, "bars of received (3 months + legend): " + bars);
      const channels = await page.textContent("main svg.chart >> nth=2");
      check(/Trực tiếp/.test(channels) && /Trực tuyến/.test(channels) && /Bưu chính/.test(channels),
        "channel legend: " + channels);
      check(/\d+(,\d+)?%/.test(channels), "Vietnamese percentages: " + channels);
      check(/Hồ sơ quá hạn tính đến hôm nay/.test(text), "overdue list");
      // the periodic report from the dashboard, with the session cookie
      const href = await page.getAttribute("a[href*='dinh_dang=docx']", "href");
      const rep = await ctx.request.get(base + href);
      check(rep.status() === 200, "report status " + rep.status());
      check(/wordprocessingml/.test(rep.headers()["content-type"] || ""), "report type");
      const body = await rep.body();
      check(body[0] === 0x50 && body[1] === 0x4b, "report is a zip (DOCX)");
      await page.screenshot({ path: join(shots, "bang-dieu-khien-lanh-dao.png"), fullPage: true });
    } finally {
      await ctx.close();
    }
  });

  await scenario("the whole path of a dossier in the browser, then the dashboard counts it", async () => {
    const signIn = async (ctx, user) => {
      const page = await ctx.newPage();
      watch(page);
      await page.goto(base + "/dang-nhap");
      await page.fill("#username", user);
      await page.fill("#password", PASSWORD);
      await Promise.all([page.waitForNavigation(), page.click("main button[type=submit]")]);
      check(page.url().endsWith("/trang-chu"), user + " signed in: " + page.url());
      return page;
    };
    // the action form of the dossier page: open it, fill it, send it
    const act = async (page, code, action, fill) => {
      await page.goto(`${base}/ho-so/${code}`);
      check(await page.isVisible(`#tt-${action} summary`), `action ${action} offered to ${page.url()}`);
      await page.click(`#tt-${action} summary`);
      if (fill) await fill(page);
      await Promise.all([page.waitForNavigation(), page.click(`#tt-${action} button[type=submit]`)]);
    };
    const offered = async (page) =>
      (await page.locator("#thao-tac details.act").evaluateAll((els) => els.map((e) => e.id))).join(" ");
    const today = new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10);
    const finishedFigure = async (page) => {
      await page.goto(`${base}/bang-dieu-khien?tu=${today}&den=${today}`);
      const row = page.locator("tr", { hasText: "Đã giải quyết" }).first();
      return Number((await row.locator("td").first().textContent()).trim());
    };
    const leaderCtx = await launch("leader-flow");
    const specCtx = await launch("specialist-flow");
    const otherCtx = await launch("other-commune");
    try {
      const leader = await signIn(leaderCtx, LEADER);
      const before = await finishedFigure(leader);

      // reception receives the dossier and prints the receipt with its secret
      const desk = await staff.newPage();
      watch(desk);
      await desk.goto(base + "/mot-cua?thu-tuc=1.001193");
      await desk.fill("#ten", "Lê Văn Khánh");
      await desk.fill("#cccd", "031088004321");
      await desk.fill("#dien-thoai", "0987654321");
      await desk.check("input[name=tp0][value=giay]");
      await Promise.all([desk.waitForNavigation(), desk.click("button.btn-large")]);
      const code = (await desk.textContent("#ma-ho-so")).trim();
      const secret = (await desk.textContent("#ma-tra-cuu")).trim();
      check(/^TRANLIEU-\d{6}-\d{4}$/.test(code), "code " + code);
      const [resp] = await Promise.all([
        staff.waitForEvent("response", (r) => r.url().endsWith("/mot-cua/giay-hen")),
        desk.click("#in-giay-hen button[type=submit]"),
      ]);
      check(resp.status() === 200, "receipt status " + resp.status());
      check(resp.headers()["content-type"] === "application/pdf", "type " + resp.headers()["content-type"]);
      // the viewer keeps the PDF to itself: the same one-time form, sent again
      const form = {};
      for (const n of ["csrf", "ma", "mk"])
        form[n] = await desk.getAttribute(`#in-giay-hen input[name=${n}]`, "value");
      const again = await staff.request.post(base + "/mot-cua/giay-hen", { form });
      check(again.headers()["content-type"] === "application/pdf", "download type");
      const pdf = join(tmp, "giay-hen.pdf");
      writeFileSync(pdf, await again.body());
      const txt = spawnSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8" });
      check(txt.status === 0, "pdftotext " + txt.stderr);
      check(txt.stdout.includes(code), "code in the receipt PDF");
      check(txt.stdout.includes(secret), "secret in the receipt PDF");
      for (const p of staff.pages()) if (p !== desk && p.url().includes("giay-hen")) await p.close();

      // the desk assigns it to the specialist
      await act(desk, code, "assign", async (p) => {
        // office and handler are chosen from lists, not typed
        const handlers = await p.locator("#assign-can-bo option").evaluateAll((os) => os.map((o) => o.value));
        check(handlers.includes(SPECIALIST) && !handlers.includes(RECEPTION), "handlers: " + handlers.join(" "));
        await p.selectOption("#assign-phong", "VP");
        await p.selectOption("#assign-can-bo", SPECIALIST);
        await p.screenshot({ path: join(shots, "ho-so-phan-cong.png"), fullPage: true });
      });
      check(/Đang giải quyết/.test(await desk.textContent(".dossier-head")), "processing");

      // the specialist asks for a supplement; an empty request shows the message at the field
      const spec = await signIn(specCtx, SPECIALIST);
      // the inbox lists the oldest first: page on until it shows
      await spec.goto(base + "/hop-thu?hop=cua-toi");
      const tab = (await spec.textContent("nav.tabs a[aria-current=page]")).trim();
      const mineCount = /^Hồ sơ tôi xử lý \((\d+)\)$/.exec(tab);
      check(mineCount && Number(mineCount[1]) >= 1, "the tab shows its count: " + tab);
      let pages = 1;
      while (!(await spec.isVisible(`a[href='/ho-so/${code}']`)) && pages < 200 &&
             (await spec.isVisible("a[rel=next]"))) {
        await Promise.all([spec.waitForNavigation(), spec.click("a[rel=next]")]);
        pages++;
      }
      check(await spec.isVisible(`a[href='/ho-so/${code}']`), `in the specialist's inbox (${pages} pages)`);
      await spec.goto(`${base}/ho-so/${code}`);
      const mine = await offered(spec);
      check(/tt-request_supplement/.test(mine) && !/tt-resolve/.test(mine), "specialist offered: " + mine);
      await act(spec, code, "request_supplement");
      check(await spec.isVisible("#request_supplement-ghi-chu-loi"), "message next to the field");
      check(await spec.isVisible("#thao-tac-loi"), "the engine's message on top");
      await spec.fill("#request_supplement-ghi-chu", "Bổ sung bản sao Giấy chứng sinh");
      await Promise.all([spec.waitForNavigation(), spec.click("#tt-request_supplement button[type=submit]")]);
      check(/Chờ bổ sung/.test(await spec.textContent(".dossier-head")), "awaiting supplement");
      check(/Tạm dừng từ/.test(await spec.textContent("#thoi-han")), "clock paused");

      // reception records the supplement's arrival; the specialist submits; the leader signs
      await act(desk, code, "supplement_received");
      check(/Tính lại thời gian/.test(await desk.textContent("#thoi-han")), "clock restarted");
      await act(spec, code, "submit_for_signature");
      await leader.goto(`${base}/ho-so/${code}`);
      check(/tt-resolve/.test(await offered(leader)), "leader may sign");
      await leader.click("#tt-resolve summary");
      await leader.check("#tt-resolve input[name=so-hoa]");
      await leader.check("#tt-resolve input[name=kq-dien-tu]");
      await leader.screenshot({ path: join(shots, "ho-so-thao-tac.png"), fullPage: true });
      await Promise.all([leader.waitForNavigation(), leader.click("#tt-resolve button[type=submit]")]);
      check(/Đã có kết quả/.test(await leader.textContent(".dossier-head")), "resolved");

      // the printed control sheet for staff signed in with the cookie
      const ctl = await leader.request.get(`${base}/ho-so/${code}/in/kiem-soat`);
      check(ctl.status() === 200 && ctl.headers()["content-type"] === "application/pdf", "control sheet");

      await act(desk, code, "return_result");
      check(/Đã trả kết quả/.test(await desk.textContent(".dossier-head")), "returned");
      await desk.close();

      // the citizen looks it up and rates the service
      const cit = await citizen.newPage();
      watch(cit);
      await cit.goto(base + "/tra-cuu");
      await cit.fill("#ma", code);
      await cit.fill("#mk", secret);
      await Promise.all([cit.waitForNavigation(), cit.click("main form.form button[type=submit]")]);
      check(await cit.isVisible("#form-danh-gia"), "rating offered");
      await cit.screenshot({ path: join(shots, "tra-cuu-moi-danh-gia.png"), fullPage: true });
      await Promise.all([cit.waitForNavigation(), cit.click("#form-danh-gia button[type=submit]")]);
      check(await cit.isVisible("#danh-gia-loi"), "a rating must be chosen");
      await cit.check("#form-danh-gia input[name=muc][value='5']");
      await Promise.all([cit.waitForNavigation(), cit.click("#form-danh-gia button[type=submit]")]);
      check(/5\/5 — Rất hài lòng/.test(await cit.textContent("#danh-gia")), "rating shown");
      check(!(await cit.isVisible("#form-danh-gia")), "rated once");
      await cit.screenshot({ path: join(shots, "tra-cuu-danh-gia.png"), fullPage: true });

      // a wrong secret, and another dossier's code with this secret, show nothing
      for (const [ma, mk] of [[code, "ABCDEFGH"], [receipt ? receipt.code : "TRANLIEU-260101-0001", secret]]) {
        await cit.goto(base + "/tra-cuu");
        await cit.fill("#ma", ma);
        await cit.fill("#mk", mk);
        await Promise.all([cit.waitForNavigation(), cit.click("main form.form button[type=submit]")]);
        check(!(await cit.isVisible(".result")), "no dossier for " + ma);
        check(/Không tìm thấy hồ sơ/.test(await cit.textContent("main")), "not found message");
      }
      await cit.close();

      // the leader's dashboard counts it
      const after = await finishedFigure(leader);
      check(after === before + 1, `finished ${before} -> ${after}`);

      // the reception officer of another commune may not open it
      const other = await signIn(otherCtx, OTHER_RECEPTION);
      const r = await other.goto(`${base}/ho-so/${code}`);
      check(r.status() === 403, "other commune: " + r.status());
      check(/Không được phép/.test(await other.textContent("h1")), "403 page");
    } finally {
      await leaderCtx.close();
      await specCtx.close();
      await otherCtx.close();
    }
  });

  await scenario("no Content-Security-Policy violation or script error", async () => {
    check(pageErrors.length === 0, pageErrors.join("\n"));
  });
} finally {
  await staff.close();
  await citizen.close();
  await nojs.close();
  proc.kill("SIGTERM");
  await new Promise((r) => proc.once("exit", r));
  rmSync(tmp, { recursive: true, force: true });
}
const passed = results.filter((r) => r[1]).length;
const failed = results.length - passed;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
