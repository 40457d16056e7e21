/* Report writers on a hand-made model: the DOCX parts, escaping, page setup;
 * the XLSX sheets and typed cells; the PDF file (header, A4 pages, the
 * embedded font, pages added as a table grows); rendering into memory;
 * refusals. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>
#include <cmocka.h>

#include "domain/report.h"
#include "report/output.h"

static hc_report_cell cells[3 * 3];
static hc_report_table table = {.title = "Bảng 1. Số <liệu> & tỷ lệ",
                                .sheet = "Hồ sơ TTHC",
                                .ncols = 3,
                                .nrows = 3,
                                .widths = {10, 60, 30},
                                .cells = cells};
static hc_report_table table2 = {.title = "Bảng 2. Điểm",
                                 .sheet = "Chỉ số 766",
                                 .ncols = 3,
                                 .nrows = 3,
                                 .widths = {10, 60, 30},
                                 .cells = cells};

static void model(hc_report *r)
{
	memset(r, 0, sizeof *r);
	cells[0] = (hc_report_cell){.kind = HC_RCELL_TEXT, .text = "STT", .bold = true};
	cells[1] = (hc_report_cell){.kind = HC_RCELL_TEXT, .text = "Chỉ tiêu", .bold = true};
	cells[2] = (hc_report_cell){.kind = HC_RCELL_TEXT, .text = "Giá trị", .bold = true};
	cells[3] = (hc_report_cell){.kind = HC_RCELL_TEXT, .text = "1"};
	cells[4] = (hc_report_cell){.kind = HC_RCELL_TEXT, .text = "Tiếp nhận"};
	cells[5] = (hc_report_cell){.kind = HC_RCELL_INT, .value = 1234};
	cells[6] = (hc_report_cell){.kind = HC_RCELL_TEXT, .text = "2"};
	cells[7] = (hc_report_cell){.kind = HC_RCELL_TEXT, .text = "Đúng hạn"};
	cells[8] = (hc_report_cell){.kind = HC_RCELL_PERCENT, .rate = {197, 200}};
	r->superior = "UBND THÀNH PHỐ HẢI PHÒNG";
	r->issuer[0] = "ỦY BAN NHÂN DÂN";
	r->issuer[1] = "PHƯỜNG TRẦN LIỄU";
	r->nation = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
	r->motto = "Độc lập - Tự do - Hạnh phúc";
	r->number = "Số: ....../BC-UBND";
	r->place_date = "Trần Liễu, ngày 05 tháng 10 năm 2025";
	r->doc_type = "BÁO CÁO";
	r->summary = "Kết quả \"thử\"";
	r->intro = "Mở đầu A & B <c>\x01.";
	r->closing = "Kết thúc./.";
	r->sign[0] = "TM. ỦY BAN NHÂN DÂN";
	r->sign[1] = "CHỦ TỊCH";
	r->nrecipients = 1;
	r->recipients[0] = "- Lưu: VT.";
	r->nsections = 2;
	r->sections[0] =
	    (hc_report_section){.key = "a",
	                        .title = "I. PHẦN MỘT",
	                        .nblocks = 2,
	                        .blocks = {{.kind = HC_RBLOCK_PARAGRAPH, .text = "Đoạn văn."},
	                                   {.kind = HC_RBLOCK_TABLE, .table = &table}}};
	r->sections[1] =
	    (hc_report_section){.key = "b",
	                        .title = "II. PHẦN HAI",
	                        .nblocks = 1,
	                        .blocks = {{.kind = HC_RBLOCK_TABLE, .table = &table2}}};
}

/* Content of one part of a zip file (heap, NUL-terminated), NULL if absent. */
static char *part(const char *path, const char *name)
{
	int ze;
	zip_t *z = zip_open(path, ZIP_RDONLY, &ze);
	assert_non_null(z);
	zip_stat_t st;
	char *data = NULL;
	if (zip_stat(z, name, 0, &st) == 0) {
		zip_file_t *f = zip_fopen(z, name, 0);
		assert_non_null(f);
		data = calloc(1, st.size + 1);
		assert_int_equal(zip_fread(f, data, st.size), (zip_int64_t)st.size);
		zip_fclose(f);
	}
	zip_close(z);
	return data;
}

static void tmpname(char *buf, size_t n, const char *ext)
{
	snprintf(buf, n, "/tmp/haicap-test-%ld%s", (long)getpid(), ext);
}

static void docx_parts(void **state)
{
	(void)state;
	hc_report r;
	model(&r);
	char path[128];
	tmpname(path, sizeof path, ".docx");
	hc_err e;
	const hc_output_format *f = hc_output_find("docx");
	assert_non_null(f);
	assert_int_equal(hc_output_write(&r, f, path, &e), 0);
	char *types = part(path, "[Content_Types].xml");
	char *rels = part(path, "_rels/.rels");
	char *doc = part(path, "word/document.xml");
	char *styles = part(path, "word/styles.xml");
	assert_non_null(types);
	assert_non_null(rels);
	assert_non_null(doc);
	assert_non_null(styles);
	char *drels = part(path, "word/_rels/document.xml.rels");
	assert_non_null(drels);
	assert_non_null(strstr(drels, "styles.xml"));
	free(drels);
	assert_non_null(strstr(types, "wordprocessingml.document.main+xml"));
	assert_non_null(strstr(rels, "word/document.xml"));
	assert_non_null(strstr(styles, "Times New Roman"));
	/* escaping; the control character is dropped */
	assert_non_null(strstr(doc, "Mở đầu A &amp; B &lt;c&gt;.</w:t>"));
	assert_non_null(strstr(doc, "Kết quả &quot;thử&quot;"));
	assert_non_null(strstr(doc, "Bảng 1. Số &lt;liệu&gt; &amp; tỷ lệ"));
	assert_null(strchr(doc, '\x01'));
	/* A4, margins 20/15/20/30 mm */
	assert_non_null(strstr(doc, "<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"));
	assert_non_null(strstr(doc, "w:top=\"1134\" w:right=\"851\" w:bottom=\"1134\" "
	                            "w:left=\"1701\""));
	/* cells in the Vietnamese format; the motto underlined */
	assert_non_null(strstr(doc, ">1.234</w:t>"));
	assert_non_null(strstr(doc, ">98,5%</w:t>"));
	assert_non_null(strstr(doc,
	                       "<w:sz w:val=\"26\"/><w:szCs w:val=\"26\"/><w:u "
	                       "w:val=\"single\"/></w:rPr><w:t xml:space=\"preserve\">Độc lập"));
	assert_non_null(strstr(doc, "<w:tblBorders>"));
	free(types);
	free(rels);
	free(doc);
	free(styles);
	unlink(path);
}

static void xlsx_cells(void **state)
{
	(void)state;
	hc_report r;
	model(&r);
	char path[128];
	tmpname(path, sizeof path, ".xlsx");
	hc_err e;
	const hc_output_format *f = hc_output_find("xlsx");
	assert_non_null(f);
	assert_int_equal(hc_output_write(&r, f, path, &e), 0);
	char *wb = part(path, "xl/workbook.xml");
	assert_non_null(wb);
	assert_non_null(strstr(wb, "name=\"Hồ sơ TTHC\""));
	assert_non_null(strstr(wb, "name=\"Chỉ số 766\""));
	char *s1 = part(path, "xl/worksheets/sheet1.xml");
	assert_non_null(s1);
	/* numbers as numbers: B5.. C5 = 1234, C6 = 0.985 */
	assert_non_null(strstr(s1, "<c r=\"C5\" s=\""));
	assert_non_null(strstr(s1, "<v>1234</v>"));
	assert_non_null(strstr(s1, "<v>0.985</v>"));
	char *styles = part(path, "xl/styles.xml");
	assert_non_null(strstr(styles, "0.00%") ? styles : strstr(styles, "numFmtId=\"10\""));
	free(wb);
	free(s1);
	free(styles);
	unlink(path);
}

static void xlsx_refuses_bad_sheets(void **state)
{
	(void)state;
	hc_report r;
	model(&r);
	char path[128];
	tmpname(path, sizeof path, ".xlsx");
	hc_err e;
	const hc_output_format *f = hc_output_find("xlsx");
	table2.sheet = "Hồ sơ TTHC"; /* duplicate */
	assert_int_equal(hc_output_write(&r, f, path, &e), HC_EINTERNAL);
	table2.sheet = "Một tên trang tính dài hơn ba mươi mốt";
	assert_int_equal(hc_output_write(&r, f, path, &e), HC_EINTERNAL);
	table2.sheet = "a/b";
	assert_int_equal(hc_output_write(&r, f, path, &e), HC_EINTERNAL);
	table2.sheet = "Chỉ số 766";
	unlink(path);
}

/* A whole file (heap, NUL-terminated past *len). */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	long n = ftell(f);
	assert_true(n > 0);
	rewind(f);
	char *data = calloc(1, (size_t)n + 1);
	assert_non_null(data);
	assert_int_equal(fread(data, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return data;
}

/* Occurrences of needle in data[0..len) (binary safe). */
static int count(const char *data, size_t len, const char *needle)
{
	int n = 0;
	size_t k = strlen(needle);
	for (size_t i = 0; i + k <= len; i++)
		if (memcmp(data + i, needle, k) == 0)
			n++;
	return n;
}

/* Page objects of a cairo PDF ("/Type /Page" not followed by "s"), checked
 * against the page tree's /Count and the A4 media box of each page. */
static int pdf_pages(const char *data, size_t len)
{
	int pages = 0;
	const char *key = "/Type /Page";
	size_t k = strlen(key);
	for (size_t i = 0; i + k < len; i++)
		if (memcmp(data + i, key, k) == 0 && data[i + k] != 's')
			pages++;
	char want[32];
	snprintf(want, sizeof want, "/Count %d\n", pages);
	assert_int_equal(count(data, len, want), 1);
	/* A4: 210 x 297 mm in points */
	assert_int_equal(count(data, len, "/MediaBox [ 0 0 595.275591 841.889764 ]"), pages);
	return pages;
}

static void pdf_file(void **state)
{
	(void)state;
	hc_report r;
	model(&r);
	char path[128];
	tmpname(path, sizeof path, ".pdf");
	hc_err e;
	const hc_output_format *f = hc_output_find("pdf");
	assert_non_null(f);
	assert_string_equal(f->content_type, "application/pdf");
	assert_string_equal(f->extension, ".pdf");
	/* markup characters and a control character in the text are no error */
	assert_int_equal(hc_output_write(&r, f, path, &e), 0);
	size_t len;
	char *data = slurp(path, &len);
	assert_memory_equal(data, "%PDF-1.", 7);
	assert_non_null(strstr(data + len - 8, "%%EOF"));
	assert_int_equal(pdf_pages(data, len), 1);
	/* the font is embedded (Liberation Serif, a subset per weight) */
	assert_true(count(data, len, "LiberationSerif") >= 1);
	assert_true(count(data, len, "LiberationSerif-Bold") >= 1);
	free(data);

	/* a table of 400 rows flows over pages (rows never split) */
	enum { ROWS = 400 };
	hc_report_cell *big = calloc(ROWS * 3, sizeof *big);
	assert_non_null(big);
	for (int i = 0; i < 3; i++)
		big[i] = cells[i];
	for (int row = 1; row < ROWS; row++) {
		big[row * 3] = (hc_report_cell){.kind = HC_RCELL_INT, .value = row};
		big[row * 3 + 1] = (hc_report_cell){.kind = HC_RCELL_TEXT, .text = "Hộ tịch"};
		big[row * 3 + 2] = (hc_report_cell){.kind = HC_RCELL_PERCENT, .rate = {row, 400}};
	}
	hc_report_table long_table = table;
	long_table.nrows = ROWS;
	long_table.cells = big;
	r.sections[1].blocks[0].table = &long_table;
	assert_int_equal(hc_output_write(&r, f, path, &e), 0);
	data = slurp(path, &len);
	int pages = pdf_pages(data, len);
	/* a row of 13 pt is about 6.7 mm; 257 mm of text height a page */
	assert_in_range(pages, ROWS * 6 / 257, ROWS * 8 / 257 + 2);
	free(data);
	r.sections[1].blocks[0].table = &table2;

	/* a table wider than the model allows is refused, and no file is left */
	unlink(path);
	hc_report_table wide = table2;
	wide.ncols = HC_REPORT_MAX_COLS + 1;
	wide.nrows = 1;
	hc_report_cell many[HC_REPORT_MAX_COLS + 1];
	for (int i = 0; i < HC_REPORT_MAX_COLS + 1; i++)
		many[i] = (hc_report_cell){.kind = HC_RCELL_TEXT, .text = "x"};
	wide.cells = many;
	r.sections[1].blocks[0].table = &wide;
	assert_int_equal(hc_output_write(&r, f, path, &e), HC_EINTERNAL);
	assert_int_equal(access(path, F_OK), -1);
	r.sections[1].blocks[0].table = &table2;
	free(big);
}

static void render_in_memory(void **state)
{
	(void)state;
	hc_report r;
	model(&r);
	assert_null(hc_output_find("odt"));
	assert_null(hc_output_find(NULL));
	assert_null(hc_output_find("DOCX"));
	/* the names in messages are those of the table, and each is found */
	size_t n = 0;
	for (const hc_output_format *f; (f = hc_output_at(n)); n++) {
		assert_non_null(strstr(hc_output_names(), f->name));
		assert_ptr_equal(hc_output_find(f->name), f);
		assert_int_equal(f->extension[0], '.');
		assert_non_null(f->write);
	}
	assert_int_equal(n, 3);
	assert_int_equal(strlen(hc_output_names()), strlen("docx, xlsx, pdf"));
	hc_err e;
	static const char *const names[] = {"docx", "xlsx", "pdf"};
	for (int i = 0; i < 3; i++) {
		const hc_output_format *f = hc_output_find(names[i]);
		char *data;
		size_t len;
		assert_int_equal(hc_output_render(&r, f, &data, &len, &e), 0);
		assert_true(len > 1000);
		if (i < 2) {
			assert_memory_equal(data, "PK\x03\x04", 4);
		} else {
			assert_memory_equal(data, "%PDF-", 5);
			assert_int_equal(pdf_pages(data, len), 1);
		}
		free(data);
	}
	/* an unwritable place is an I/O error, not a crash */
	assert_int_equal(hc_output_write(&r, hc_output_find("docx"), "/nonexistent/dir/r.docx", &e),
	                 HC_EIO);
	assert_int_equal(hc_output_write(&r, hc_output_find("xlsx"), "/nonexistent/dir/r.xlsx", &e),
	                 HC_EIO);
	assert_int_equal(hc_output_write(&r, hc_output_find("pdf"), "/nonexistent/dir/r.pdf", &e),
	                 HC_EIO);
	assert_true(e.message[0] != '\0');
	/* a directory in the way is refused the same way */
	assert_int_equal(hc_output_write(&r, hc_output_find("pdf"), "/tmp", &e), HC_EIO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(docx_parts),
	    cmocka_unit_test(xlsx_cells),
	    cmocka_unit_test(xlsx_refuses_bad_sheets),
	    cmocka_unit_test(pdf_file),
	    cmocka_unit_test(render_in_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
