#!/usr/bin/env python3
"""Printed forms, black-box: dossiers taken in and moved through their
lifecycle over HTTP by the real `haicap serve`, then every form printed with
`haicap form` and through GET /api/v1/dossiers/{code}/forms/{kind}.pdf, read
back with poppler (pdftotext -layout, pdfinfo, pdffonts) and the receipt's QR
code decoded with zbarimg. The expected texts are computed here from the
dossier's JSON, independently of src/domain/forms.c.

Usage: check_forms.py PATH/TO/haicap. Prints "N passed, M failed" last.
"""
import datetime
import os
import re
import shutil
import subprocess
import sys
import traceback
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
# fontconfig's process-wide caches are reported by LeakSanitizer at exit
os.environ.setdefault("LSAN_OPTIONS", "suppressions=" + os.path.join(HERE, "..", "lsan.supp"))
sys.path.insert(0, os.path.join(HERE, "..", "e2e"))
import e2e  # noqa: E402  (the Suite: server, HTTP helpers, demo accounts)
from e2e import check, expect_error  # noqa: E402

BASE_URL = "https://motcua.example.vn/tra-cuu/"
APPLICANT = "Nguyễn Thị Thu Hường"
COMPONENTS = ["Tờ khai đề nghị cấp bản sao trích lục hộ tịch", "Giấy ủy quyền có chứng thực"]
CHECKS = []


def case(fn):
    CHECKS.append(fn)
    return fn


def run(*args, check_rc=True):
    p = subprocess.run(list(args), capture_output=True, timeout=120)
    if check_rc and p.returncode != 0:
        raise AssertionError("%s failed (%d): %s" % (args[0], p.returncode,
                                                     p.stderr.decode(errors="replace")))
    return p


def text_of(pdf, first=None, last=None):
    args = ["pdftotext", "-layout", "-enc", "UTF-8"]
    if first:
        args += ["-f", str(first), "-l", str(last or first)]
    return run(*args, pdf, "-").stdout.decode("utf-8")


def info(pdf):
    out = run("pdfinfo", pdf).stdout.decode()
    pages = int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))
    m = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", out, re.M)
    return pages, float(m.group(1)), float(m.group(2))


def expect_paper(pdf, w_mm, h_mm, pages=None):
    n, w, h = info(pdf)
    mm = 25.4 / 72
    check(abs(w * mm - w_mm) < 0.5 and abs(h * mm - h_mm) < 0.5,
          "%s: %.1f x %.1f mm, expected %d x %d" % (pdf, w * mm, h * mm, w_mm, h_mm))
    if pages is not None:
        check(n == pages, "%s: %d pages, expected %d" % (pdf, n, pages))
    return n


def expect_fonts(pdf):
    """Every font embedded is Liberation Serif (a fallback family would show)."""
    out = run("pdffonts", pdf).stdout.decode().splitlines()[2:]
    names = [l.split()[0] for l in out if l.strip()]
    check(names, "%s: no fonts" % pdf)
    for n in names:
        check(re.fullmatch(r"[A-Z]{6}\+LiberationSerif(-Bold|-Italic|-BoldItalic)?", n),
              "%s: font %s is not Liberation Serif" % (pdf, n))


def expect_text(text, *needles, where=""):
    flat = re.sub(r"\s+", " ", text)
    for s in needles:
        s = unicodedata.normalize("NFC", s)
        check(s in text or s in flat, "%s lacks %r:\n%s" % (where, s, text[:3000]))


def local(iso):
    """'2026-12-02T10:01+07:00' -> datetime (local)."""
    return datetime.datetime.strptime(iso[:16], "%Y-%m-%dT%H:%M")


def when(iso):
    t = local(iso)
    return "%02d giờ %02d phút, ngày %02d/%02d/%04d" % (t.hour, t.minute, t.day, t.month, t.year)


def date_line(place, iso):
    """Decree 30/2020: a zero before days under 10 and months 1 and 2."""
    t = local(iso)
    day = ("0%d" if t.day < 10 else "%d") % t.day
    month = ("0%d" if t.month < 3 else "%d") % t.month
    return "%s, ngày %s tháng %s năm %d" % (place, day, month, t.year)


def money(v):
    return "{:,}".format(v).replace(",", ".") + " đồng"


class Forms:
    def __init__(self, s):
        self.s = s
        self.out = os.path.join(s.tmp, "pdf")
        os.makedirs(self.out)

    def cli(self, *args, check_rc=True):
        return run(self.s.binary, "form", "--db", self.s.db, *args, check_rc=check_rc)

    def form(self, code, kind, *extra):
        path = os.path.join(self.out, "%s-%s.pdf" % (code, kind))
        self.cli("--dossier", code, "--kind", kind, "--out", path, *extra)
        expect_fonts(path)
        return path


@case
def setup_dossiers(f):
    s = f.s
    rec, head, spec, lead = (s.login(u) for u in (e2e.RECEPTION, e2e.HEAD, e2e.SPECIALIST,
                                                   e2e.LEADER))
    procs = s.get("/api/v1/procedures?limit=500", token=rec).json["items"]
    fee = [p for p in procs if p["fee"] > 0 and p["limit"].endswith("d")
           and int(p["limit"][:-1]) >= 3]
    check(fee, "no fee-bearing procedure of 3 days or more in the demo catalog")
    f.proc = fee[0]
    body = {"procedure_code": f.proc["code"], "channel": "direct",
            "applicant": {"name": APPLICANT, "id_number": "001203004567",
                          "phone": "0912345678", "address": "Số 8, ngõ 4, phố Lạch Tray"},
            "components": [{"name": COMPONENTS[0], "digitized": True, "reused": False},
                           {"name": COMPONENTS[1], "digitized": False, "reused": True}],
            "fee_paid": True}
    r = s.post("/api/v1/dossiers", body, token=rec)
    check(r.status == 201, repr(r))
    f.code, f.secret = r.json["code"], r.json["secret"]

    def act(token, code, **kw):
        r = s.post("/api/v1/dossiers/%s/actions" % code, kw, token=token)
        check(r.status == 200, "%s: %r" % (kw["action"], r))
        return r.json

    act(head, f.code, action="assign", handler=e2e.SPECIALIST)
    f.supplement_note = "Bản sao giấy khai sinh có chứng thực"
    act(spec, f.code, action="request_supplement",
        note=f.supplement_note + "\nLý do: bản sao nộp kèm chưa được chứng thực")
    act(rec, f.code, action="supplement_received")
    due = s.get("/api/v1/dossiers/" + f.code, token=rec).json["due_at"]
    new_due = (local(due) + datetime.timedelta(days=3)).replace(hour=16, minute=30)
    f.apology_reason = "Cần lấy ý kiến của cơ quan đăng ký hộ tịch nơi cư trú trước đây"
    f.dossier = act(head, f.code, action="extend", new_due=new_due.strftime("%Y-%m-%dT%H:%M"),
                    note=f.apology_reason)
    check(f.dossier["extended_due_at"], repr(f.dossier))
    body["applicant"]["name"] = "Phạm Văn Đức"
    r = s.post("/api/v1/dossiers", body, token=rec)
    check(r.status == 201, repr(r))
    f.rejected = r.json["code"]
    act(head, f.rejected, action="assign", handler=e2e.SPECIALIST)
    f.refusal_reason = "Người yêu cầu không phải là người được ủy quyền hợp lệ"
    f.rejected_dossier = act(lead, f.rejected, action="reject", note=f.refusal_reason)
    who = s.post("/api/v1/sessions", {"username": e2e.RECEPTION,
                                      "password": e2e.PASSWORD}).json["user"]
    f.unit = who["unit"]


@case
def receipt_text_and_qr(f):
    d = f.dossier
    pdf = f.form(f.code, "receipt", "--secret", f.secret, "--base-url", BASE_URL)
    expect_paper(pdf, 148, 210, pages=1)
    t = text_of(pdf)
    expect_text(t, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                "ỦY BAN NHÂN DÂN", "PHƯỜNG TRẦN LIỄU", "TRUNG TÂM PHỤC VỤ",
                date_line("Trần Liễu", d["received_at"]),
                "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", f.code, f.secret, APPLICANT,
                f.proc["name"], COMPONENTS[0] + " (đã số hóa)",
                COMPONENTS[1] + " (tái sử dụng dữ liệu đã có)", when(d["received_at"]),
                when(d["due_at"]), money(f.proc["fee"]) + " (đã nộp)",
                "NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ", where="receipt")
    check(t == unicodedata.normalize("NFC", t), "receipt text is not NFC")
    png = os.path.join(f.out, "receipt")
    run("pdftoppm", "-png", "-r", "200", "-singlefile", pdf, png)
    p = run("zbarimg", "--raw", "-q", png + ".png")
    got = p.stdout.decode().strip()
    check(got == BASE_URL + f.code, "QR holds %r" % got)
    check(f.secret not in got, "the secret is inside the QR code")


@case
def receipt_without_secret(f):
    pdf = f.form(f.code, "receipt")
    t = text_of(pdf)
    expect_text(t, f.code, "đã được cấp khi tiếp nhận", where="receipt without secret")
    check(f.secret not in t, "secret printed without --secret")
    png = os.path.join(f.out, "receipt-code")
    run("pdftoppm", "-png", "-r", "200", "-singlefile", pdf, png)
    got = run("zbarimg", "--raw", "-q", png + ".png").stdout.decode().strip()
    check(got == f.code, "QR without base URL holds %r" % got)


@case
def supplement_form(f):
    pdf = f.form(f.code, "supplement")
    expect_paper(pdf, 210, 297)
    t = text_of(pdf)
    expect_text(t, "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", f.code, APPLICANT,
                "1. " + f.supplement_note, "Lý do: bản sao nộp kèm chưa được chứng thực",
                "NGƯỜI HƯỚNG DẪN", where="supplement")


@case
def refusal_form(f):
    d = f.rejected_dossier
    pdf = f.form(f.rejected, "refusal")
    expect_paper(pdf, 210, 297)
    t = text_of(pdf)
    reject = [h for h in d["history"] if h["action"] == "reject"][-1]
    expect_text(t, "PHIẾU TỪ CHỐI TIẾP NHẬN, GIẢI QUYẾT HỒ SƠ", f.rejected, "Phạm Văn Đức",
                f.refusal_reason, date_line("Trần Liễu", reject["at"]),
                "Xin trân trọng thông báo!", where="refusal")


@case
def apology_form(f):
    d = f.dossier
    pdf = f.form(f.code, "apology")
    expect_paper(pdf, 210, 297)
    t = text_of(pdf)
    expect_text(t, "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ", "Kính gửi: Ông/Bà " + APPLICANT,
                f.code, when(d["due_at"]), when(d["extended_due_at"]), f.apology_reason,
                "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ", where="apology")


@case
def control_form(f):
    d = f.dossier
    pdf = f.form(f.code, "control")
    expect_paper(pdf, 210, 297)
    t = text_of(pdf)
    expect_text(t, "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", f.code, APPLICANT,
                "tiếp nhận hồ sơ", "phân công xử lý", "yêu cầu bổ sung hồ sơ",
                "nhận hồ sơ bổ sung", where="control")
    flat = re.sub(r"\s+", " ", t)
    for h in d["history"]:
        at = local(h["at"])
        check(at.strftime("%d/%m/%Y") in t and at.strftime("%H:%M") in t,
              "control lacks the time of %s" % h["action"])
    check(flat.count("Trước hạn") + flat.count("Đúng hạn") >= len(d["history"]),
          "every step on time: %s" % flat)


@case
def register_pages(f):
    pdf = os.path.join(f.out, "register.pdf")
    today = datetime.datetime.utcnow() + datetime.timedelta(hours=7)
    to = (today + datetime.timedelta(days=1)).strftime("%Y-%m-%d")
    f.cli("--unit", f.unit, "--kind", "register", "--from", "2026-01-01", "--to", to,
          "--out", pdf)
    expect_fonts(pdf)
    n = expect_paper(pdf, 297, 210)
    check(n >= 2, "register of %d page(s)" % n)
    first = text_of(pdf, 1)
    expect_text(first, "SỔ THEO DÕI HỒ SƠ", "Phường Trần Liễu",
                "Từ ngày 01/01/2026 đến ngày " + today.strftime("%d/%m/%Y"), where="register")
    for page in (2, n):
        t = text_of(pdf, page)
        check(re.match(r"\s*%d\s*\n" % page, t), "page %d lacks its number: %r" % (page, t[:80]))
        expect_text(t, "Mã hồ sơ", "Tên thủ tục hành chính", "Ghi chú", "Ngày, tháng, năm",
                    where="register page %d" % page)
    last = text_of(pdf, n)
    expect_text(last, f.code, f.rejected, "Tổng số hồ sơ tiếp nhận trong kỳ:",
                where="register last page")


@case
def http_forms(f):
    s = f.s
    rec = s.login(e2e.RECEPTION)
    for kind in ("receipt", "supplement", "apology", "control"):
        r = s.get("/api/v1/dossiers/%s/forms/%s.pdf" % (f.code, kind), token=rec)
        check(r.status == 200 and r.headers["content-type"] == "application/pdf", repr(r))
        check(r.raw.startswith(b"%PDF-"), "%s: not a PDF" % kind)
        path = os.path.join(f.out, "http-%s.pdf" % kind)
        with open(path, "wb") as fh:
            fh.write(r.raw)
        expect_text(text_of(path), f.code, APPLICANT, where="HTTP " + kind)
    r = s.get("/api/v1/dossiers/%s/forms/refusal.pdf" % f.rejected, token=rec)
    check(r.status == 200 and r.raw.startswith(b"%PDF-"), repr(r))
    qr = s.get("/api/v1/dossiers/%s/forms/receipt.pdf?base_url=%s" % (f.code, BASE_URL),
               token=rec)
    check(qr.status == 200, repr(qr))
    expect_error(s.get("/api/v1/dossiers/%s/forms/refusal.pdf" % f.code, token=rec), 409)
    expect_error(s.get("/api/v1/dossiers/%s/forms/register.pdf" % f.code, token=rec), 404)
    expect_error(s.get("/api/v1/dossiers/%s/forms/receipt" % f.code, token=rec), 404)
    expect_error(s.get("/api/v1/dossiers/%s/forms/receipt.pdf?base_url=ftp://x/" % f.code,
                       token=rec), 400)
    expect_error(s.get("/api/v1/dossiers/%s/forms/receipt.pdf?secret=x" % f.code,
                       token=rec), 400)
    expect_error(s.get("/api/v1/dossiers/%s/forms/receipt.pdf" % f.code), 401)
    # several forms drawn at once by the server's threads
    import threading
    bad = []

    def fetch():
        for kind in ("control", "receipt"):
            r = s.get("/api/v1/dossiers/%s/forms/%s.pdf" % (f.code, kind), token=rec)
            if r.status != 200 or not r.raw.startswith(b"%PDF-"):
                bad.append(r)
    ts = [threading.Thread(target=fetch) for _ in range(8)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    check(not bad, repr(bad[:2]))
    other = s.login(e2e.OTHER_UNIT_RECEPTION)
    expect_error(s.get("/api/v1/dossiers/%s/forms/control.pdf" % f.code, token=other), 403)


@case
def cli_refusals(f):
    out = os.path.join(f.out, "x.pdf")
    p = f.cli("--dossier", f.code, "--kind", "receipt", "--secret", "SAIMA123", "--out", out,
              check_rc=False)
    check(p.returncode == 2 and "Mã tra cứu không đúng" in p.stderr.decode(), repr(p))
    p = f.cli("--dossier", f.code, "--kind", "refusal", "--out", out, check_rc=False)
    check(p.returncode == 1 and "không bị từ chối" in p.stderr.decode(), repr(p))
    p = f.cli("--dossier", f.code, "--kind", "poster", "--out", out, check_rc=False)
    check(p.returncode == 2, repr(p))
    p = f.cli("--kind", "register", "--from", "2026-02-01", "--out", out, check_rc=False)
    check(p.returncode == 2, repr(p))
    check(not os.path.exists(out), "a refused form left a file")


@case
def missing_font_refused(f):
    """Fontconfig without Liberation Serif: printing fails, never falls back."""
    dirs = [os.path.join(f.s.tmp, "no-fonts")]
    os.makedirs(dirs[0])
    if os.path.isdir("/usr/share/fonts/truetype/dejavu"):
        dirs.append("/usr/share/fonts/truetype/dejavu")  # another family only
    out = os.path.join(f.out, "nofont.pdf")
    for d in dirs:
        conf = os.path.join(f.s.tmp, "fonts.conf")
        with open(conf, "w") as fh:
            fh.write('<?xml version="1.0"?><fontconfig><dir>%s</dir><cachedir>%s</cachedir>'
                     '</fontconfig>' % (d, os.path.join(f.s.tmp, "fc-cache")))
        p = subprocess.run([f.s.binary, "form", "--db", f.s.db, "--dossier", f.code, "--kind",
                            "control", "--out", out], capture_output=True, timeout=60,
                           env=dict(os.environ, FONTCONFIG_FILE=conf))
        err = p.stderr.decode()
        check(p.returncode == 1 and "Liberation Serif" in err, "fonts from %s: %r" % (d, p))
        check(not os.path.exists(out), "a PDF was written without the font")


def main():
    if len(sys.argv) != 2:
        print("usage: check_forms.py PATH/TO/haicap", file=sys.stderr)
        return 2
    for tool in ("pdftotext", "pdfinfo", "pdffonts", "pdftoppm", "zbarimg"):
        if not shutil.which(tool):
            print("FAIL %s not installed (scripts/deps.sh test)\n0 passed, 1 failed" % tool)
            return 1
    s = e2e.Suite(os.path.abspath(sys.argv[1]))
    passed = failed = 0
    try:
        s.cli("demo", "--db", s.db, "--scale", "0.01", "--now", e2e.NOW)
        s.start()
        f = Forms(s)
        for fn in CHECKS:
            try:
                fn(f)
                passed += 1
                print("ok   %s" % fn.__name__)
            except Exception:  # noqa: BLE001 - report and go on
                failed += 1
                print("FAIL %s\n%s" % (fn.__name__, traceback.format_exc()))
                if fn is setup_dossiers:
                    break
        rc = s.stop()
        log = s.server_log()
        if rc != 0:
            failed += 1
            print("FAIL server exit status %d" % rc)
        if "AddressSanitizer" in log or "runtime error:" in log or "LeakSanitizer" in log:
            failed += 1
            print("FAIL sanitizer report in the server log\n" + log[-4000:])
    except Exception:  # noqa: BLE001 - setup failure counts as one failure
        failed += 1
        print("FAIL setup\n%s" % traceback.format_exc())
        if s.proc:
            s.proc.kill()
    finally:
        keep = os.environ.get("HC_FORMS_KEEP")
        if keep:
            shutil.rmtree(keep, ignore_errors=True)
            shutil.copytree(os.path.join(s.tmp, "pdf"), keep)
        shutil.rmtree(s.tmp, ignore_errors=True)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
