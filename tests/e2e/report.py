#!/usr/bin/env python3
"""Black-box test of `haicap report`: generates the periodic report of demo
communes as DOCX, XLSX and PDF, converts the DOCX to PDF with LibreOffice
(headless, once for every file), reads both PDFs' text back with pdftotext
(and their page size with pdfinfo, their fonts with pdffonts) and the XLSX
cells with the standard library (zipfile + XML), and checks them against
`haicap stats --json`, `haicap index766 --json` and
`haicap feedback stats --json` for the same period. Then serves the same
database and fetches GET /api/v1/reports/periodic in every format
(headers, figures, refusals).

Usage: python3 tests/e2e/report.py path/to/haicap [path/to/other/haicap ...]
(every binary writes every report: the normal and the ASan+UBSan builds;
LibreOffice starts once for all of them). Ends with one line "N passed, M failed"."""
import http.client
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zipfile

NOW = "2026-03-16T09:00"
FROM, TO = "2025-07-01", "2026-01-01"          # to: the day after the last
UNITS = ["10528", "10891"]                      # Trần Liễu, Hà Bắc
HEADINGS = [
    "I. KẾT QUẢ TIẾP NHẬN, GIẢI QUYẾT HỒ SƠ THỦ TỤC HÀNH CHÍNH",
    "II. CHUYỂN ĐỔI SỐ TRONG GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH",
    "III. CÔNG KHAI THỦ TỤC HÀNH CHÍNH, CUNG CẤP DỊCH VỤ CÔNG TRỰC TUYẾN",
    "IV. BỘ CHỈ SỐ PHỤC VỤ NGƯỜI DÂN, DOANH NGHIỆP",
    "V. TIẾP NHẬN, XỬ LÝ PHẢN ÁNH, KIẾN NGHỊ",
]
SHEETS = ["Hồ sơ TTHC", "Chuyển đổi số", "TTHC theo lĩnh vực", "Chỉ số 766", "PAKN"]
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "p": "http://schemas.openxmlformats.org/package/2006/relationships"}

passed = failed = 0


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL:", what)


def vn_int(n):
    """1234567 -> 1.234.567"""
    return "{:,}".format(n).replace(",", ".")


def run(*args):
    p = subprocess.run(args, capture_output=True, text=True, timeout=300)
    if p.returncode != 0:
        raise RuntimeError("%s failed: %s" % (" ".join(args), p.stderr))
    return p.stdout


def pct(text):
    """'98,5' -> 98.5"""
    return float(text.replace(".", "").replace(",", "."))


def near(shown, ratio):
    """a percentage shown with at most two decimals equals ratio"""
    if ratio is None:
        return shown is None
    return shown is not None and abs(shown - 100 * ratio) <= 0.005 + 1e-9


def xlsx_read(path):
    """{sheet name: {cell ref: (value, number format)}} with numbers as
    floats and the number format code of each numeric cell"""
    z = zipfile.ZipFile(path)
    strings = []
    if "xl/sharedStrings.xml" in z.namelist():
        for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS):
            strings.append("".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])))
    styles = ET.fromstring(z.read("xl/styles.xml"))
    codes = {10: "0.00%", 3: "#,##0", 2: "0.00", 0: "General"}
    for nf in styles.iter("{%s}numFmt" % NS["m"]):
        codes[int(nf.get("numFmtId"))] = nf.get("formatCode")
    xfs = [codes.get(int(x.get("numFmtId", "0")), "?") for x in
           styles.find("m:cellXfs", NS).findall("m:xf", NS)]
    rels = {r.get("Id"): r.get("Target") for r in
            ET.fromstring(z.read("xl/_rels/workbook.xml.rels")).findall("p:Relationship", NS)}
    out = {}
    for s in ET.fromstring(z.read("xl/workbook.xml")).find("m:sheets", NS):
        target = rels[s.get("{%s}id" % NS["r"])]
        cells = {}
        for c in ET.fromstring(z.read("xl/" + target.lstrip("/").replace("xl/", ""))).iter(
                "{%s}c" % NS["m"]):
            v = c.find("m:v", NS)
            if v is None:
                cells[c.get("r")] = (None, None)
            elif c.get("t") == "s":
                cells[c.get("r")] = (strings[int(v.text)], None)
            else:
                cells[c.get("r")] = (float(v.text), xfs[int(c.get("s", "0"))])
        out[s.get("name")] = cells
    return out


def row_of(cells, label, col="B"):
    for ref, (v, _) in cells.items():
        if ref.startswith(col) and v == label:
            return ref[len(col):]
    return None


def main():
    binaries = [os.path.abspath(b) for b in sys.argv[1:] if os.access(b, os.X_OK)]
    if not binaries:
        print("report: no haicap binary given")
        print("0 passed, 1 failed")
        return 1
    haicap = binaries[0]
    for tool in ("soffice", "pdftotext", "pdfinfo", "pdffonts"):
        if not shutil.which(tool):
            print("report: %s not installed (scripts/deps.sh test)" % tool)
            print("0 passed, 1 failed")
            return 1
    tmp = tempfile.mkdtemp(prefix="haicap-report-")
    try:
        db = os.path.join(tmp, "demo.db")
        run(haicap, "demo", "--db", db, "--scale", "0.02", "--now", NOW)
        figures = {}
        docs = []
        own = os.path.join(tmp, "pdf")  # haicap's PDFs, apart from LibreOffice's
        os.mkdir(own)
        for code in UNITS:
            common = ["--db", db, "--unit", code, "--from", FROM, "--to", TO, "--now", NOW]
            figures[code] = (json.loads(run(haicap, "stats", *common, "--json")),
                             json.loads(run(haicap, "index766", *common, "--json")),
                             json.loads(run(haicap, "feedback", "stats", *common, "--json")))
            for i, binary in enumerate(binaries):
                for fmt in ("docx", "xlsx"):
                    out = os.path.join(tmp, "%d-%s.%s" % (i, code, fmt))
                    run(binary, "report", *common, "--format", fmt, "--out", out,
                        "--date", "2026-01-05")
                    check(os.path.getsize(out) > 1000, "%s written" % out)
                docs.append(os.path.join(tmp, "%d-%s.docx" % (i, code)))
                check_docx_parts(docs[-1])
                pdf = os.path.join(own, "%d-%s.pdf" % (i, code))
                run(binary, "report", *common, "--format", "pdf", "--out", pdf,
                    "--date", "2026-01-05")
                with open(pdf, "rb") as fp:
                    head = fp.read(8)
                check(head.startswith(b"%PDF-1."), "%s: PDF header %r" % (pdf, head))
        # a bad format is a usage error, a bad period a refusal
        p = subprocess.run([haicap, "report", "--db", db, "--unit", UNITS[0], "--from", FROM,
                            "--to", TO, "--format", "odt", "--out", os.path.join(tmp, "x")],
                           capture_output=True, text=True)
        check(p.returncode == 2 and "docx, xlsx, pdf" in p.stderr, "unknown format refused")
        # an unwritable place is refused, the CLI says why
        p = subprocess.run([haicap, "report", "--db", db, "--unit", UNITS[0], "--from", FROM,
                            "--to", TO, "--format", "pdf", "--out",
                            os.path.join(tmp, "missing", "r.pdf")],
                           capture_output=True, text=True)
        check(p.returncode != 0 and "Không tạo được tệp báo cáo" in p.stderr,
              "unwritable PDF path refused: %s %r" % (p.returncode, p.stderr[-200:]))
        # without Liberation Serif the PDF is refused, never set in another font
        fonts = os.path.join(tmp, "no-fonts")
        os.mkdir(fonts)
        conf = os.path.join(tmp, "fonts.conf")
        with open(conf, "w") as fh:
            fh.write('<?xml version="1.0"?><fontconfig><dir>%s</dir><cachedir>%s</cachedir>'
                     '</fontconfig>' % (fonts, os.path.join(tmp, "fc-cache")))
        out = os.path.join(tmp, "nofont.pdf")
        p = subprocess.run([haicap, "report", "--db", db, "--unit", UNITS[0], "--from", FROM,
                            "--to", TO, "--format", "pdf", "--out", out],
                           capture_output=True, text=True, env=dict(os.environ,
                                                                    FONTCONFIG_FILE=conf))
        check(p.returncode == 1 and "Liberation Serif" in p.stderr and not os.path.exists(out),
              "PDF without the font refused: %s %r" % (p.returncode, p.stderr[-200:]))
        p = subprocess.run([haicap, "report", "--db", db, "--unit", UNITS[0], "--from", TO,
                            "--to", FROM, "--format", "docx", "--out", os.path.join(tmp, "x")],
                           capture_output=True, text=True)
        check(p.returncode != 0 and "Ngày kết thúc phải sau ngày bắt đầu" in p.stderr
              and not os.path.exists(os.path.join(tmp, "x")),
              "reversed period refused")
        # one LibreOffice start for every document, with a private profile
        profile = "file://" + os.path.join(tmp, "lo-profile")
        subprocess.run(["soffice", "-env:UserInstallation=" + profile, "--headless",
                        "--convert-to", "pdf", "--outdir", tmp, *docs],
                       capture_output=True, timeout=300, check=True)
        for i, binary in enumerate(binaries):
            check_api(binary, db, tmp, "%d-api" % i, *figures[UNITS[0]])
        for i in range(len(binaries)):
            for code in UNITS:
                name = "%d-%s" % (i, code)
                check_pdf(os.path.join(tmp, name + ".pdf"), name + " (DOCX)", *figures[code])
                check_pdf(os.path.join(own, name + ".pdf"), name + " (PDF)", *figures[code])
                check_pdf_layout(os.path.join(own, name + ".pdf"), name + " (PDF)")
                check_xlsx(os.path.join(tmp, name + ".xlsx"), name, *figures[code])
    finally:
        if os.environ.get("HC_KEEP_REPORTS"):
            print("report: files kept in", tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


def check_docx_parts(path):
    """every part is well-formed XML; the parts Word needs are there"""
    z = zipfile.ZipFile(path)
    names = z.namelist()
    for need in ("[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml",
                 "word/_rels/document.xml.rels"):
        check(need in names, "%s has %s" % (path, need))
    for n in names:
        try:
            ET.fromstring(z.read(n))
            ok = True
        except ET.ParseError as e:
            ok = False
            print("  ", n, e)
        check(ok, "%s: %s well-formed" % (path, n))


PDF_TYPE = "application/pdf"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def check_api(binary, db, tmp, name, s, idx, fb):
    log = open(os.path.join(tmp, name + ".log"), "w")
    proc = subprocess.Popen([binary, "serve", "--db", db, "--listen", "127.0.0.1:0",
                             "--threads", "2"], stdout=subprocess.PIPE, stderr=log, text=True)
    try:
        m = re.match(r"haicap listening on http://127\.0\.0\.1:(\d+)$",
                     proc.stdout.readline().strip())
        check(m is not None, "%s: server started" % name)
        if not m:
            return
        port = int(m.group(1))

        def req(method, path, body=None, token=None):
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            h = {"Content-Type": "application/json"} if body else {}
            if token:
                h["Authorization"] = "Bearer " + token
            c.request(method, path, body=json.dumps(body) if body else None, headers=h)
            r = c.getresponse()
            out = (r.status, dict((k.lower(), v) for k, v in r.getheaders()), r.read())
            c.close()
            return out

        st, _, body = req("POST", "/api/v1/sessions",
                          {"username": "tranlieu.chutich", "password": "haicap2025"})
        check(st == 201, "%s: login %s" % (name, st))
        token = json.loads(body).get("token") if st == 201 else None
        q = "/api/v1/reports/periodic?from=%s&to=%s" % (FROM, TO)
        st, h, body = req("GET", q + "&format=xlsx", token=token)
        check(st == 200 and h.get("content-type") == XLSX_TYPE,
              "%s: xlsx reply %s %s" % (name, st, h.get("content-type")))
        check(h.get("content-disposition") ==
              'attachment; filename="bao-cao-10528-2025-07-01-2025-12-31.xlsx"',
              "%s: disposition %r" % (name, h.get("content-disposition")))
        path = os.path.join(tmp, name + ".xlsx")
        with open(path, "wb") as f:
            f.write(body)
        if st == 200:
            check_xlsx(path, name, s, idx, fb)
        st, h, body = req("GET", q + "&format=docx&unit=10528", token=token)
        check(st == 200 and h.get("content-type") == DOCX_TYPE and body[:2] == b"PK"
              and "word/document.xml" in zipfile.ZipFile(io.BytesIO(body)).namelist(),
              "%s: docx reply %s" % (name, st))
        st, h, body = req("GET", q + "&format=pdf", token=token)
        check(st == 200 and h.get("content-type") == PDF_TYPE and body[:7] == b"%PDF-1.",
              "%s: pdf reply %s %s" % (name, st, h.get("content-type")))
        check(h.get("content-disposition") ==
              'attachment; filename="bao-cao-10528-2025-07-01-2025-12-31.pdf"',
              "%s: pdf disposition %r" % (name, h.get("content-disposition")))
        if st == 200:
            path = os.path.join(tmp, name + "-own.pdf")
            with open(path, "wb") as f:
                f.write(body)
            # the date line is the server's day
            check_pdf(path, name + " (PDF)", s, idx, fb, date=None)
            check_pdf_layout(path, name + " (PDF)")
        for query, status, field in [(q + "&format=odt", 400, "format"),
                                     (q, 400, "format"),
                                     ("/api/v1/reports/periodic?from=%s&to=%s&format=docx"
                                      % (TO, FROM), 400, "to"),
                                     (q + "&format=docx&x=1", 400, None),
                                     (q + "&format=docx&unit=19969", 403, None),
                                     (q + "&format=docx&unit=99999", 400, "unit")]:
            st, h, body = req("GET", query, token=token)
            err = json.loads(body).get("error", {}) if body else {}
            check(st == status and (field is None or err.get("field") == field)
                  and "content-disposition" not in h,
                  "%s: %s -> %s %s" % (name, query, st, err))
        st, _, _ = req("GET", q + "&format=docx")
        check(st == 401, "%s: anonymous -> %s" % (name, st))
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            rc = proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            rc = -9
        log.close()
        check(rc == 0, "%s: server exit %s" % (name, rc))
        if rc != 0:
            with open(os.path.join(tmp, name + ".log")) as f:
                print(f.read()[-3000:])


A4 = (595.28, 841.89)  # points


def check_pdf(pdf, code, s, idx, fb, date="ngày 05 tháng 01 năm 2026"):
    """the text of a PDF report (LibreOffice's from the DOCX, or haicap's own)
    says the figures of stats, index766 and feedback; the page is A4"""
    check(os.path.exists(pdf), "%s: PDF exists" % code)
    if not os.path.exists(pdf):
        return
    info = run("pdfinfo", pdf)
    m = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.M)
    check(m is not None and abs(float(m.group(1)) - A4[0]) < 0.5
          and abs(float(m.group(2)) - A4[1]) < 0.5, "%s: page size A4 (%s)" % (
              code, m and m.group(0)))
    flat = " ".join(run("pdftotext", pdf, "-").split())
    layout = run("pdftotext", "-layout", pdf, "-")
    for h in ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
              "ỦY BAN NHÂN DÂN", "Số: ....../BC-UBND", "BÁO CÁO", "TM. ỦY BAN NHÂN DÂN",
              "CHỦ TỊCH", "Nơi nhận:", date or "ngày",
              "từ ngày 01/7/2025 đến ngày 31/12/2025"] + HEADINGS:
        check(h in flat, "%s: PDF has %r" % (code, h))
    check(re.search(r", ngày \d\d tháng \d+ năm \d{4}", flat) is not None,
          "%s: PDF has a date line" % code)
    r, f, pend = s["received"], s["finished"], s["pending"]
    res = f["resolved"]
    for phrase in [
        "tiếp nhận %s hồ sơ thủ tục hành chính, trong đó: tiếp nhận trực tiếp %s hồ sơ, "
        "trực tuyến %s hồ sơ, qua dịch vụ bưu chính công ích %s hồ sơ; số hồ sơ kỳ trước "
        "chuyển sang là %s hồ sơ" % (vn_int(r["total"]), vn_int(r["direct"]),
                                     vn_int(r["online"]), vn_int(r["postal"]),
                                     vn_int(s["carried_over"])),
        "Đã giải quyết %s hồ sơ, trong đó: trước hạn %s hồ sơ, đúng hạn %s hồ sơ, quá hạn "
        "%s hồ sơ" % (vn_int(res["total"]), vn_int(res["early"]), vn_int(res["on_time"]),
                      vn_int(res["late"])),
        "Từ chối giải quyết %s hồ sơ; tổ chức, công dân rút %s hồ sơ" % (
            vn_int(f["rejected"]), vn_int(f["withdrawn"])),
        "Đang giải quyết %s hồ sơ, trong đó: trong hạn %s hồ sơ (chờ tổ chức, công dân bổ "
        "sung %s hồ sơ), quá hạn %s hồ sơ" % (
            vn_int(pend["total"]), vn_int(pend["within"]),
            vn_int(pend["awaiting_supplement"]), vn_int(pend["overdue"])),
        "tiếp nhận %s phản ánh, kiến nghị" % vn_int(fb["received"]["total"]),
        "đã xử lý, trả lời %s phản ánh, kiến nghị, trong đó đúng hạn %s" % (
            vn_int(fb["handled"]["total"]), vn_int(fb["handled"]["on_time"])),
    ]:
        check(phrase in flat, "%s: PDF says %r" % (code, phrase))
    rates = s["rates"]
    for label, key in [("tỷ lệ giải quyết đúng hạn \\(gồm trước hạn và đúng hạn\\)",
                        "on_time"),
                       ("Tỷ lệ hồ sơ nộp trực tuyến", "online"),
                       ("tỷ lệ số hóa thành phần hồ sơ", "digitized_input"),
                       ("tỷ lệ số hóa kết quả giải quyết", "digitized_result"),
                       ("tỷ lệ cấp kết quả điện tử", "e_result"),
                       ("tỷ lệ thanh toán trực tuyến \\(trên số hồ sơ có phí, lệ phí\\)",
                        "paid_online"),
                       ("dữ liệu số hóa", "reuse"),
                       ("không bị đánh giá không hài lòng, trên số đã giải quyết\\)",
                        "satisfied")]:
        m = re.search(label + r" (không phát sinh|đạt [\d.]+(?:,\d+)?%)", flat)
        shown = None if not m or not m.group(1).startswith("đạt ") else pct(m.group(1)[4:-1])
        check(m is not None and near(shown, rates[key]),
              "%s: rate %s shown %s, stats %s" % (code, key, m and m.group(1), rates[key]))
    # table rows (layout text keeps a row on one line)
    for label, v in [("Kỳ trước chuyển sang", s["carried_over"]),
                     ("Tiếp nhận trong kỳ", r["total"]),
                     ("Tổng số phải giải quyết (1 + 2)", s["carried_over"] + r["total"]),
                     ("Đã giải quyết", res["total"]), ("Trước hạn", res["early"]),
                     ("Từ chối giải quyết", f["rejected"]),
                     ("Đang giải quyết", pend["total"])]:
        m = re.search(re.escape(label) + r"\s+(\S+)\s*$", layout, re.M)
        check(m is not None and m.group(1) == vn_int(v),
              "%s: table row %s = %s, stats %s" % (code, label, m and m.group(1), v))
    total = "%.2f" % idx["total"]
    check("đạt %s/100 điểm" % total.replace(".", ",") in flat,
          "%s: index total %s in the PDF" % (code, total))


def check_pdf_layout(pdf, code):
    """haicap's own PDF: every page A4, numbered from the second (Decree
    30/2020), the header row of a table that goes on over a page drawn
    again on top of it, and only Liberation Serif, embedded"""
    info = run("pdfinfo", "-f", "1", "-l", "999", pdf)
    sizes = re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info, re.M)
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    check(len(sizes) == pages and all(abs(float(w) - A4[0]) < 0.5 and abs(float(h) - A4[1])
                                      < 0.5 for w, h in sizes),
          "%s: %d pages, all A4 (%s)" % (code, pages, sizes[:2]))
    for n in range(1, pages + 1):
        lines = [ln.strip() for ln in run("pdftotext", "-layout", "-f", str(n), "-l", str(n),
                                          pdf, "-").splitlines() if ln.strip()]
        first = lines[0] if lines else ""
        if n == 1:
            check(first != "1" and "CỘNG HÒA" in first, "%s: page 1 unnumbered (%r)"
                  % (code, first))
        else:
            check(first == str(n), "%s: page %d numbered (%r)" % (code, n, first))
            # a page that opens with a table row opens with its header row
            second = lines[1] if len(lines) > 1 else ""
            check(not re.match(r"^\d+(\.\d+)?\s{2,}", second),
                  "%s: page %d starts a table without its header: %r" % (code, n, second))
    fonts = run("pdffonts", pdf).splitlines()[2:]
    names = [f.split()[0] for f in fonts if f.strip()]
    check(names and all(re.match(r"^[A-Z]{6}\+LiberationSerif(-Bold|-Italic|-BoldItalic)?$",
                                 n) for n in names)
          and all(" yes " in f for f in fonts if f.strip()),
          "%s: fonts %s" % (code, names))


def check_xlsx(path, code, s, idx, fb):
    book = xlsx_read(path)
    check(list(book) == SHEETS, "%s: sheets %s" % (code, list(book)))
    for name in book:
        check(len(name) <= 31 and not set(name) & set("[]:*?/\\"),
              "%s: sheet name %r valid" % (code, name))
    dos = book.get("Hồ sơ TTHC", {})
    r, f, pend = s["received"], s["finished"], s["pending"]
    for label, v in [("Kỳ trước chuyển sang", s["carried_over"]),
                     ("Tiếp nhận trong kỳ", r["total"]), ("Trực tiếp", r["direct"]),
                     ("Trực tuyến", r["online"]), ("Qua bưu chính công ích", r["postal"]),
                     ("Đã giải quyết", f["resolved"]["total"]),
                     ("Trước hạn", f["resolved"]["early"]),
                     ("Đúng hạn", f["resolved"]["on_time"]),
                     ("Từ chối giải quyết", f["rejected"]),
                     ("Tổ chức, công dân rút hồ sơ", f["withdrawn"]),
                     ("Đang giải quyết", pend["total"]), ("Trong hạn", pend["within"])]:
        row = row_of(dos, label)
        got = dos.get("C%s" % row, (None, None))[0] if row else None
        check(got == float(v) and isinstance(got, float),
              "%s: XLSX %s = %s, stats %s" % (code, label, got, v))
    for label, key in [("Tỷ lệ giải quyết đúng hạn", "on_time"),
                       ("Tỷ lệ hài lòng của tổ chức, công dân", "satisfied")]:
        row = row_of(dos, label)
        v, numfmt = dos.get("C%s" % row, (None, None)) if row else (None, None)
        want = s["rates"][key]
        check((v is None) if want is None else
              (abs(v - want) < 1e-9 and numfmt == "0.00%"),
              "%s: XLSX %s = %s, stats %s" % (code, key, v, want))
    row = row_of(dos, "Quá hạn")  # the first one: resolved late
    check(row and dos["C" + row][0] == float(f["resolved"]["late"]), "%s: XLSX late" % code)
    dig = book.get("Chuyển đổi số", {})
    for label, key in [("Giải quyết đúng hạn (trên số đã giải quyết)", "on_time"),
                       ("Nộp trực tuyến (trên số tiếp nhận)", "online"),
                       ("Số hóa thành phần hồ sơ", "digitized_input"),
                       ("Số hóa kết quả giải quyết", "digitized_result"),
                       ("Cấp kết quả điện tử", "e_result"),
                       ("Thanh toán trực tuyến (trên số hồ sơ có phí, lệ phí)", "paid_online"),
                       ("Sử dụng lại dữ liệu đã số hóa", "reuse")]:
        row = row_of(dig, label)
        v, numfmt = dig.get("E%s" % row, (None, None)) if row else (None, None)
        want = s["rates"][key]
        ok = (v is None) if want is None else (
            isinstance(v, float) and abs(v - want) < 1e-9 and numfmt == "0.00%")
        check(ok, "%s: XLSX rate %s = %s (format %s), stats %s" % (code, key, v, numfmt, want))
    pts = book.get("Chỉ số 766", {})
    row = next((ref[1:] for ref, (v, _) in pts.items()
                if ref.startswith("B") and isinstance(v, str) and v.startswith("Tổng điểm")),
               None)
    check(row and abs(pts["D" + row][0] - idx["total"]) < 0.006,
          "%s: XLSX index total %s" % (code, row and pts["D" + row][0]))
    pakn = book.get("PAKN", {})
    row = row_of(pakn, "Tiếp nhận trong kỳ")
    check(row and pakn["C" + row][0] == float(fb["received"]["total"]),
          "%s: XLSX feedback received" % code)
    row = row_of(pakn, "Đã xử lý, trả lời")
    check(row and pakn["C" + row][0] == float(fb["handled"]["total"]),
          "%s: XLSX feedback handled" % code)
    cat = book.get("TTHC theo lĩnh vực", {})
    row = row_of(cat, "Tổng cộng")
    fields = [ref for ref in cat if ref.startswith("F") and ref != "F4"
              and ref[1:] != row and isinstance(cat[ref][0], float)]
    check(row and cat["F" + row][0] == sum(cat[ref][0] for ref in fields) > 0,
          "%s: XLSX catalog total adds up" % code)


if __name__ == "__main__":
    sys.exit(main())
